"""GAI603 near misses: handlers that run models without autograd."""
import torch
from torch import inference_mode, no_grad
import torch as T
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = FastAPI()
flask_app = Flask(__name__)
model = torch.jit.load("model.pt")
frozen_model = torch.jit.load("frozen.pt")
frozen_model.requires_grad_(False)
model_name = "resnet"


@app.post("/predict")
@torch.inference_mode()
def predict(payload: dict):
    return model(torch.tensor(payload["x"])).tolist()  # ok: GAI603 decorated with inference_mode


@app.post("/predict2")
def predict2(payload: dict):
    with torch.no_grad():
        out = model(torch.tensor(payload["x"]))  # ok: GAI603 inside no_grad
    return out.tolist()


@app.post("/predict3")
async def predict3(payload: dict):
    with inference_mode():
        return model(torch.tensor(payload["x"])).tolist()  # ok: GAI603 from-imported inference_mode


@app.post("/predict4")
def predict4(payload: dict):
    with T.no_grad():
        return model(T.tensor(payload["x"])).tolist()  # ok: GAI603 aliased torch


@app.post("/predict5")
@no_grad()
def predict5(payload: dict):
    return model(torch.tensor(payload["x"])).tolist()  # ok: GAI603 bare no_grad decorator import


@app.post("/predict6")
def predict6(payload: dict):
    torch.set_grad_enabled(False)
    return model(torch.tensor(payload["x"])).tolist()  # ok: GAI603 grad switched off in the handler


@app.post("/frozen")
def frozen(payload: dict):
    return frozen_model(torch.tensor(payload["x"])).tolist()  # ok: GAI603 parameters frozen with requires_grad_(False)


@app.get("/info")
def info():
    return {"name": model_name, "params": sum(p.numel() for p in model.parameters())}  # ok: GAI603 no forward


@flask_app.route("/predict", methods=["POST"])
@torch.no_grad()
def flask_predict():
    return jsonify(model(torch.tensor(request.json["x"])).tolist())  # ok: GAI603 no_grad decorator under the route


def load_model(path):
    return torch.jit.load(path)


@app.post("/reload")
def reload(path: str):
    global model
    model = load_model(path)  # ok: GAI603 loading a model is no forward
    model.eval()  # ok: GAI603 eval() is no forward
    return {"ok": True}


def offline_eval(loader):
    return [model(x) for x in loader]  # ok: GAI603 not a request handler


@app.post("/batch")
def batch(payload: dict):
    def run(x):
        return model(x)  # ok: GAI603 nested function: runs in the caller's context

    with torch.inference_mode():
        return [run(torch.tensor(v)) for v in payload["xs"]]


class PredictorServicer(object):
    pass


class Predictor(PredictorServicer):
    @torch.inference_mode()
    def Predict(self, request, context):
        return self.model(torch.tensor(request.values))  # ok: GAI603 decorated servicer method

    def Stream(self, request, context):
        with torch.no_grad():
            for chunk in request:
                yield self.model(torch.tensor(chunk.values))  # ok: GAI603 loop under no_grad


@app.post("/train")
def train_online(payload: dict):
    with torch.enable_grad():
        with torch.no_grad():
            return model(torch.tensor(payload["x"]))  # ok: GAI603 innermost context is no_grad


@app.get("/tokenize")
def tokenize(text: str):
    return tokenizer(text)  # ok: GAI603 a tokenizer is no model


@app.post("/classic")
def classic(payload: dict):
    return classifier_name_for(payload)  # ok: GAI603 not a model name
