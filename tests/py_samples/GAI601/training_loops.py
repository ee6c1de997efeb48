"""GAI601 positives: training loops that never zero the gradients."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.cuda.amp import GradScaler, autocast


def plain_loop(model, loader, optimizer, criterion):
    optimizer.zero_grad()  # only once, before the loop
    for inputs, targets in loader:
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()  # want "GAI601 `loss.backward\(\)` \(line 12\)"


def amp_loop(model, loader, opt):
    scaler = GradScaler()
    for x, y in loader:
        with autocast():
            loss = F.cross_entropy(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)  # want "GAI601 scaler.step"
        scaler.update()


def while_loop(model, batches, optim):
    step = 0
    while step < 1000:
        x, y = next(batches)
        out = model(x)
        loss = F.mse_loss(out, y)
        loss.backward()
        optim.step()  # want "GAI601 `while` loop"
        step += 1


class Trainer:
    def __init__(self, model, lr):
        self.model = model
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, 10)

    def fit(self, loader, epochs):
        for epoch in range(epochs):
            for batch in loader:
                loss = self.model(**batch).loss
                loss.backward()
                self.optimizer.step()  # want "GAI601 self.optimizer.zero_grad"
            self.scheduler.step()


def nested_without_zero(model, loader, opt, accum):
    for epoch in range(10):
        for micro in loader:
            (model(micro).sum() / accum).backward()
        opt.step()  # want "GAI601"


def gan_step(gen, disc, loader, g_opt, d_opt):
    for real in loader:
        fake = gen(torch.randn(real.size(0), 100))
        d_loss = disc(real).mean() - disc(fake.detach()).mean()
        d_loss.backward()
        d_opt.step()  # want "GAI601 d_opt.zero_grad"


def accumulation_forgot_reset(model, loader, optimizer, k):
    for i, (x, y) in enumerate(loader):
        loss = F.nll_loss(model(x), y) / k
        loss.backward()
        if (i + 1) % k == 0:
            optimizer.step()  # want "GAI601"


def named_opt(model, data):
    opt_g = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in data:
        model(x).pow(2).mean().backward()
        opt_g.step()  # want "GAI601 opt_g"


def accelerate_loop(accelerator, model, loader, optimizer):
    for batch in loader:
        outputs = model(**batch)
        accelerator.backward(outputs.loss)
        optimizer.step()  # want "GAI601 accelerator.backward"


class LitModule:
    automatic_optimization = False

    def training_loop(self, loader):
        opt = self.optimizers()
        for batch in loader:
            loss = self.compute_loss(batch)
            self.manual_backward(loss)
            opt.step()  # want "GAI601 manual_backward"


def async_style(model, stream, optimizer):
    for chunk in stream:
        logits = model(chunk["input_ids"])
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), chunk["labels"].view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()  # want "GAI601"
        optimizer.zero_grad  # attribute access only: not a call


def reinforce(policy, env, optimizer, episodes):
    for ep in range(episodes):
        log_probs, rewards = policy.rollout(env)
        loss = -(torch.stack(log_probs) * torch.tensor(rewards)).sum()
        loss.backward()
        optimizer.step()  # want "GAI601"
        env.step(None)
