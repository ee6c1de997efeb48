"""GAI602 near misses: values reduced, detached, under no_grad, or summed to backpropagate."""
import torch
import torch.nn.functional as F


def item_total(model, loader, optimizer, criterion):
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()  # ok: GAI602 reduced with .item()


def detach_list(model, loader):
    outs = []
    for x in loader:
        out = model(x)
        outs.append(out.detach())  # ok: GAI602 detached
        outs.append(out.detach().cpu().numpy())  # ok: GAI602 detached and copied


def float_total(model, loader, criterion):
    total = 0.0
    for x, y in loader:
        total += float(criterion(model(x), y))  # ok: GAI602 float()


@torch.no_grad()
def evaluate(model, loader, criterion):
    total = 0
    preds = []
    for x, y in loader:
        out = model(x)
        total += criterion(out, y)  # ok: GAI602 the whole function runs under no_grad
        preds.append(out)  # ok: GAI602 under no_grad


def evaluate_with(model, loader):
    outs = []
    with torch.inference_mode():
        for x in loader:
            outs.append(model(x))  # ok: GAI602 inference_mode block


def evaluate_inner(model, loader):
    outs = []
    for x in loader:
        with torch.no_grad():
            out = model(x)
        outs.append(out)  # ok: GAI602 computed under no_grad: no history


def sum_then_backward(model, batches, optimizer):
    optimizer.zero_grad()
    loss = 0
    for x, y in batches:
        loss += F.mse_loss(model(x), y)  # ok: GAI602 summed to backpropagate once
    loss.backward()
    optimizer.step()


def stacked_backward(model, chunks, optimizer):
    losses = []
    for c in chunks:
        losses.append(model(c).mean())  # ok: GAI602 the list feeds backward below
    torch.stack(losses).mean().backward()
    optimizer.step()


def multi_loss(model, x, heads):
    total = 0
    for head in heads:
        total += F.cross_entropy(head(model(x)), x)  # ok: GAI602 a batch's losses returned for the caller to backpropagate
    return total


def local_list(model, loader):
    for x in loader:
        parts = []
        parts.append(model(x))  # ok: GAI602 the list is rebuilt every iteration
        print(len(parts))


class Module:
    def forward_step(self, x):
        out = self.model(x)
        self.last_output = out  # ok: GAI602 overwritten each call, not accumulated
        return out

    def log_step(self, x, y):
        loss = self.criterion(self.model(x), y)
        self.history.append(loss.item())  # ok: GAI602 .item()
        self.metrics["loss"] = loss.detach()  # ok: GAI602 .detach()
        return loss


def counters(model, loader):
    n = 0
    seen = []
    for x in loader:
        n += x.size(0)  # ok: GAI602 not a model output
        seen.append(x)  # ok: GAI602 the input batch has no history


def reassigned(model, loader, optimizer):
    total = 0
    for x in loader:
        optimizer.zero_grad()
        loss = model(x).sum()
        loss.backward()
        optimizer.step()
        loss = loss.item()
        total += loss  # ok: GAI602 rebound to a float before the sum


def tolist(model, loader):
    preds = []
    for x in loader:
        preds.extend(model(x).argmax(-1).tolist())  # ok: GAI602 tolist


class Pipeline:
    def forward(self, xs):
        out_futures = []
        for x in iter(xs.split(4, dim=0)):
            y = self.stage1(x)
            z = self.stage2.forward(y)
            out_futures.append(z)  # ok: GAI602 parts of one forward pass, returned for backward
        return torch.cat(out_futures)


class OSABlock:
    def forward(self, x):
        concat_list = [x]
        for module in self.conv_mid:
            concat_list.append(module(x))  # ok: GAI602 parts of this forward pass, concatenated and returned
        x = torch.cat(concat_list, dim=1)
        return self.conv_concat(x)


def build_stages(depths):
    transformers = []
    for i, d in enumerate(depths):
        transformers += [Transformer(d, heads=4)]  # ok: GAI602 a class construction builds a module, runs no forward
    return transformers
