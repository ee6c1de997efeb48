"""GAI603 in gRPC servicers as model servers write them: calls that do something to a
model (load, release, list, classify), library functions whose names happen to be model
words (`np.clip`), a library's `generate`, and this file's own `generate` without
`no_grad`."""
import numpy as np
import torch
import intel_extension_for_pytorch as ipex
from torch import nn


class BackendServicer(object):
    """Generated base class stand-in."""


class TinyLM(nn.Module):
    def forward(self, x):
        return x

    def generate(self, ids, steps):
        for _ in range(steps):
            ids = torch.cat([ids, self(ids)[:, -1:]], dim=1)
        return ids


class Backend(BackendServicer):
    def __init__(self):
        self.model = None
        self.lm = TinyLM()

    def LoadModel(self, request, context):
        kind = classify_model(request.path)  # ok: GAI603 classifying a model is no forward
        self._release_model()  # ok: GAI603 releasing a model is no forward
        self.model = self._load_base_model(request.path, kind)  # ok: GAI603 loading, behind an underscore
        self.model = ipex.optimize_transformers(self.model)  # ok: GAI603 a function of an imported module
        names = TTS().list_models()  # ok: GAI603 listing models is no forward
        return names

    def TTSStream(self, request, context):
        chunk = torch.tensor(request.samples).numpy()
        return np.clip(chunk * 32767, -32768, 32767)  # ok: GAI603 numpy's clip, not a CLIP model

    def Generate(self, request, context):
        ids = torch.tensor(request.ids)
        return self.lm.generate(ids, 8)  # want "GAI603 request handler `Generate` .* runs `self.lm.generate\(...\)`"

    def Embed(self, request, context):
        return self.model(torch.tensor(request.ids))  # want "GAI603 `self.model\(...\)`"

    def _release_model(self):
        self.model = None

    def _load_base_model(self, path, kind):
        return torch.load(path)


def classify_model(path):
    return "base"


class TTS:
    def list_models(self):
        return []
