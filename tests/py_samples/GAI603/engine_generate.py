"""GAI603: a servicer holding an inference engine (vLLM's) and a `generate` helper of its
own. The engine's generate runs without autograd itself, and the servicer's helper is
no model's."""
import torch
from vllm.engine.async_llm_engine import AsyncLLMEngine


class BackendServicer(object):
    """Generated base class stand-in."""


class GeneratingServicer(BackendServicer):
    def __init__(self):
        self.llm = AsyncLLMEngine.from_engine_args(None)
        self.model = torch.jit.load("m.pt")

    def generate(self, prompt, steps):
        return prompt

    def Score(self, request, context):
        return self.llm.generate(request.prompt)  # ok: GAI603 the engine's generate, not a model of this file

    def Embed(self, request, context):
        return self.model(torch.tensor(request.ids))  # want "GAI603 request handler `Embed`"
