"""GAI603 positives: request handlers running a model with gradient tracking on."""
import torch
import torch as T
from fastapi import APIRouter, Depends, FastAPI
from flask import Blueprint, Flask, jsonify, request
from aiohttp import web
from starlette.applications import Starlette
from starlette.routing import Route

app = FastAPI()
router = APIRouter()
flask_app = Flask(__name__)
bp = Blueprint("api", __name__)
routes = web.RouteTableDef()
model = torch.jit.load("model.pt")
encoder = torch.load("encoder.pt")


def get_model():
    return model


@app.post("/predict")
def predict(payload: dict):
    x = torch.tensor(payload["inputs"])
    logits = model(x)  # want "GAI603 request handler `predict` \(`@app.post\(\"/predict\"\)`\) runs `model\(...\)` at line 26"
    return {"label": int(logits.argmax())}


@router.get("/embed")
async def embed(text: str):
    return encoder(text).tolist()  # want "GAI603 `embed`.*wrap it in `with torch.inference_mode\(\):`$"


@app.post("/score")
def score(payload: dict, net=Depends(get_model)):
    return net(torch.tensor(payload["x"])).item()  # want "GAI603 `net\(...\)`"


@flask_app.route("/classify", methods=["POST"])
def classify():
    x = torch.tensor(request.json["x"])
    return jsonify(model.forward(x).tolist())  # want "GAI603 `model.forward\(...\)`"


@bp.route("/v2/classify", methods=["POST"])
def classify_v2():
    return jsonify(model(torch.tensor(request.json["x"])).tolist())  # want "GAI603 classify_v2"


@routes.post("/infer")
async def infer(req):
    body = await req.json()
    out = model(torch.tensor(body["x"]))  # want "GAI603 infer"
    return web.json_response(out.tolist())


@app.post("/async-decorated")
@torch.no_grad()
async def async_decorated(payload: dict):
    return model(torch.tensor(payload["x"])).tolist()  # want "GAI603 a decorator on an `async def` does not cover its body"


async def homepage(request):
    return model(torch.zeros(1))  # want "GAI603 registered as a route"


starlette_app = Starlette(routes=[Route("/", homepage)])


def health_predict():
    return model(torch.zeros(1, 3))  # want "GAI603 health_predict"


flask_app.add_url_rule("/health", view_func=health_predict)


class PredictorServicer(object):
    """Generated base class stand-in."""


class Predictor(PredictorServicer):
    def __init__(self):
        self.model = torch.jit.load("m.pt")

    def Predict(self, request, context):
        x = torch.tensor(request.values)
        y = self.model(x)  # want "GAI603 gRPC servicer `Predictor\(PredictorServicer\)`"
        return y

    def _helper(self, x):
        return self.model(x)  # ok: GAI603 a private helper is no RPC method


class GenerateServicer(T.nn.Module):
    pass


class LLMService(GenerateServicer):
    def Generate(self, request, context):
        ids = torch.tensor(request.ids)
        return self.model.generate(ids, max_new_tokens=32)  # ok: GAI603 a generate this file does not define (a library's) runs under its own no_grad


@app.post("/alias")
def alias_handler(payload: dict):
    with T.enable_grad():
        return model(T.tensor(payload["x"]))  # want "GAI603 alias_handler"


@app.post("/inference-off")
@torch.inference_mode(False)
def inference_off(payload: dict):
    return model(torch.tensor(payload["x"]))  # want "GAI603 inference_off"
