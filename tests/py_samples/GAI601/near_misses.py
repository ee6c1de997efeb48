"""GAI601 near misses: loops that zero, accumulate on purpose, or never step."""
import torch
import torch.nn.functional as F
from torch.cuda.amp import GradScaler, autocast


def zero_first(model, loader, optimizer, criterion):
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()  # ok: GAI601 zero_grad at the top of the loop


def zero_last(model, loader, optimizer):
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()  # ok: GAI601 zero_grad after the step
        optimizer.zero_grad(set_to_none=True)


def accumulation(model, loader, optimizer, k):
    for i, (x, y) in enumerate(loader):
        loss = F.cross_entropy(model(x), y) / k
        loss.backward()
        if (i + 1) % k == 0:
            optimizer.step()  # ok: GAI601 gradient accumulation zeroes under the same condition
            optimizer.zero_grad()


def amp_with_zero(model, loader, opt):
    scaler = GradScaler()
    for x, y in loader:
        opt.zero_grad(set_to_none=True)
        with autocast():
            loss = F.mse_loss(model(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)  # ok: GAI601 AMP loop with zero_grad
        scaler.update()


def model_zero(model, loader, optimizer):
    for x in loader:
        model.zero_grad()
        model(x).sum().backward()
        optimizer.step()  # ok: GAI601 model.zero_grad() resets the same .grad tensors


def grad_none(model, loader, optimizer):
    for x in loader:
        model(x).sum().backward()
        optimizer.step()  # ok: GAI601 p.grad = None below
        for p in model.parameters():
            p.grad = None


def grad_zero_(model, loader, optimizer):
    for x in loader:
        model(x).sum().backward()
        optimizer.step()  # ok: GAI601 p.grad.zero_()
        for p in model.parameters():
            if p.grad is not None:
                p.grad.zero_()


def no_step(model, loader):
    grads = []
    for x in loader:
        model.zero_grad()
        model(x).sum().backward()  # ok: GAI601 no optimizer step in the loop: saliency maps
        grads.append(x.grad)


def scheduler_only(model, loader, scheduler):
    for x in loader:
        model(x).sum().backward()  # ok: GAI601 scheduler.step() applies no gradients
        scheduler.step()


def rl_env(env, agent, optimizer):
    state = env.reset()
    for t in range(100):
        action = agent.act(state)
        state, reward, done, _ = env.step(action)  # ok: GAI601 env.step is not an optimizer step


def deepspeed(model_engine, loader):
    for batch in loader:
        loss = model_engine(batch)
        model_engine.backward(loss)
        model_engine.step()  # ok: GAI601 DeepSpeed's engine.step() zeroes the gradients itself


def helper_zero(trainer, model, loader, optimizer):
    for x in loader:
        trainer.optimizer_zero_grad()
        model(x).sum().backward()
        optimizer.step()  # ok: GAI601 a helper named like zero_grad


def step_outside(model, loader, optimizer):
    optimizer.zero_grad()
    for x in loader:
        model(x).sum().backward()  # ok: GAI601 accumulate the whole epoch, then one step
    optimizer.step()


class Trainer:
    def __init__(self, model):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters())

    def train_step(self, batch):
        self.opt.zero_grad()
        loss = self.model(batch).mean()
        loss.backward()
        self.opt.step()  # ok: GAI601 not in a loop: one step per call

    def fit(self, loader):
        for batch in loader:
            self.train_step(batch)  # ok: GAI601 the helper zeroes


def paddle_style(model, loader, opt):
    for x in loader:
        loss = model(x).mean()
        loss.backward()
        opt.step()  # ok: GAI601 clear_grad is paddle's zero_grad
        opt.clear_grad()


def set_to_none_loop(model, loader, optimizer):
    for x in loader:
        for param in model.parameters():
            param.grad = None
        model(x).sum().backward()
        optimizer.step()  # ok: GAI601 grads set to None in an inner loop


def closure_lbfgs(model, x, y, optimizer):
    for _ in range(20):
        def closure():
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            return loss
        optimizer.step(closure)  # ok: GAI601 backward runs in the closure, which zeroes


def distributed_rpc(model, loader, opt):
    import torch.distributed.autograd as dist_autograd

    for x, y in loader:
        with dist_autograd.context() as context_id:
            loss = F.mse_loss(model(x), y)
            dist_autograd.backward(context_id, [loss])
            opt.step(context_id)  # ok: GAI601 distributed autograd keeps gradients per context, one per iteration
