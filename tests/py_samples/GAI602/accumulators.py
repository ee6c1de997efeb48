"""GAI602 positives: values with autograd history kept across iterations."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def epoch_total(model, loader, optimizer, criterion):
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss  # want "GAI602 `loss` \(the result of `criterion\(...\)` at line 11\) is accumulated into `total_loss`"
    return total_loss / len(loader)


def loss_list(model, loader, optimizer):
    losses = []
    for x, y in loader:
        optimizer.zero_grad()
        out = model(x)
        loss = F.cross_entropy(out, y)
        loss.backward()
        optimizer.step()
        losses.append(loss)  # want "GAI602 into `losses`"
    return losses


def eval_without_no_grad(model, loader, criterion):
    model.eval()
    running = 0.0
    for x, y in loader:
        running = running + criterion(model(x), y)  # want "GAI602 into `running`"
    return running


def outputs_dict(model, loader):
    preds = {}
    for name, x in loader:
        out = model(x)
        preds[name] = out  # want "GAI602 `out` \(the result of `model\(...\)`"
    return preds


class Evaluator:
    def __init__(self, model):
        self.model = model
        self.history = {}
        self.outputs = []
        self.total = 0

    def record(self, key, x):
        out = self.model(x)
        self.history[key] = out  # want "GAI602 into `self.history` across calls"

    def training_step(self, batch, batch_idx):
        loss = self.compute_loss(batch)
        self.outputs.append(loss)  # want "GAI602 into `self.outputs`"
        return loss

    def step(self, x, y):
        self.total += F.mse_loss(self.model(x), y)  # want "GAI602 into `self.total`"


def hf_outputs(model, loader, optimizer):
    history = []
    for batch in loader:
        outputs = model(**batch)
        loss = outputs.loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        history.append(loss)  # want "GAI602 `loss` \(the result of `model\(...\)`"


def logits_cache(net, loader):
    all_logits = []
    for x, _ in loader:
        logits = net(x)
        all_logits.append(logits)  # want "GAI602 `logits`"
    return torch.cat(all_logits)


def scaled(model, loader, optimizer, accum):
    epoch_loss = 0
    for i, (x, y) in enumerate(loader):
        loss = F.nll_loss(model(x), y) / accum
        loss.backward()
        if (i + 1) % accum == 0:
            optimizer.step()
            optimizer.zero_grad()
        epoch_loss += loss  # want "GAI602 into `epoch_loss`"


def tuple_history(model, loader, optimizer, log):
    for step, (x, y) in enumerate(loader):
        optimizer.zero_grad()
        loss = model(x, y)
        loss.backward()
        optimizer.step()
        log.append((step, loss))  # want "GAI602 `step, loss` .*keep `.item\(\)`"


def backward_only(encoder, batches, opt):
    kept = []
    for b in batches:
        opt.zero_grad()
        z = encoder(b).pow(2).mean()
        z.backward()
        opt.step()
        kept.append(z)  # want "GAI602 `z`"


def while_loop(model, it, optimizer):
    seen = []
    n = 0
    while n < 100:
        optimizer.zero_grad()
        loss = model(next(it)).sum()
        loss.backward()
        optimizer.step()
        seen.extend([loss])  # want "GAI602"
        n += 1


def derived(model, loader, crit):
    stats = {"loss": 0}
    for x, y in loader:
        out = model(x)
        l = crit(out, y)
        scaled_loss = l * 2
        stats["loss"] += scaled_loss  # want "GAI602 into `stats`"
