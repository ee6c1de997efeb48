"""GAI603: transformers' generate runs under no_grad itself."""
import torch
from fastapi import FastAPI
from transformers import AutoModelForCausalLM, AutoTokenizer

app = FastAPI()
tokenizer = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("gpt2")


@app.post("/generate")
def generate(prompt: str):
    ids = tokenizer(prompt, return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=20)  # ok: GAI603 transformers' generate is decorated with no_grad
    return tokenizer.decode(out[0])


@app.post("/logits")
def logits(prompt: str):
    ids = tokenizer(prompt, return_tensors="pt").input_ids
    return model(ids).logits[0, -1].tolist()  # want "GAI603 logits"
