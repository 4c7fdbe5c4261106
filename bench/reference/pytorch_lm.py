"""The TextGeneration sample's language model in PyTorch, for the side-by-side in the README: the same token ids,
split, sizes, initialisation, dropout, chunks, streams, optimiser, schedule, clipping and number of steps as
RecurrentML's LanguageModelTrainer, with validation perplexity after every epoch. Prints a JSON summary.

  dotnet run -c Release --project samples/TextGeneration -- --export /tmp/lm     (writes rows.txt, settings.json)
  python3 bench/reference/pytorch_lm.py /tmp/lm [--sliced]

--sliced computes the output layer and loss a few steps at a time as RecurrentML does (NextTokenLoss); without it,
the straightforward PyTorch formulation (one logits tensor per chunk, as in PyTorch's word_language_model example).
Debian: apt-get install python3-torch
"""
import argparse
import json
import math
import os
import time

import torch
from torch import nn


class LanguageModel(nn.Module):
    def __init__(self, ids, embedding, hidden, layers, tied, dropout):
        super().__init__()
        self.embedding = nn.Embedding(ids, embedding)
        self.layers = nn.ModuleList([nn.LSTM(embedding if i == 0 else hidden, hidden) for i in range(layers)])
        self.decoder_weight = None if tied else nn.Parameter(torch.empty(ids, hidden))
        self.decoder_bias = nn.Parameter(torch.zeros(ids))
        self.dropout = nn.Dropout(dropout)
        nn.init.uniform_(self.embedding.weight, -0.1, 0.1)
        if self.decoder_weight is not None:
            nn.init.uniform_(self.decoder_weight, -0.1, 0.1)
        bound = 1 / math.sqrt(hidden)
        for layer in self.layers:
            for p in layer.parameters():
                nn.init.uniform_(p, -bound, bound)

    def outputs(self, tokens, state):
        steps = self.dropout(self.embedding(tokens))
        new_state = []
        for i, layer in enumerate(self.layers):
            if i > 0:
                steps = self.dropout(steps)
            steps, s = layer(steps, None if state is None else state[i])
            new_state.append(s)
        return self.dropout(steps), new_state

    def logits(self, outputs):
        weight = self.embedding.weight if self.decoder_weight is None else self.decoder_weight
        return nn.functional.linear(outputs, weight, self.decoder_bias)


def layout(rows, end_of_row, columns):
    stream = [t for row in rows for t in row + [end_of_row]]
    per_column = len(stream) // columns
    data = torch.tensor(stream[: per_column * columns], dtype=torch.long).view(columns, per_column).t().contiguous()
    return data  # [steps, columns]


def chunks(data, length):
    for start in range(0, data.shape[0] - 1, length):
        steps = min(length, data.shape[0] - 1 - start)
        yield data[start : start + steps], data[start + 1 : start + 1 + steps]


def learning_rate(step, peak, planned, warmup_fraction):
    warmup = math.ceil(planned * warmup_fraction)
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = min(1.0, (step - warmup + 1) / max(1, planned - warmup))
    return peak * max(0.01, 0.5 * (1 + math.cos(math.pi * progress)))


def loss_sum(model, outputs, targets, ids, sliced, backward_scale=None):
    """Summed cross-entropy; with backward_scale, also back-propagates loss * backward_scale."""
    if not sliced:
        loss = nn.functional.cross_entropy(model.logits(outputs).view(-1, ids), targets.reshape(-1), reduction="sum")
        if backward_scale is not None:
            (loss * backward_scale).backward()
        return loss.item()
    cut = outputs.detach().requires_grad_(backward_scale is not None)
    per_slice = max(1, (4 << 20) // (outputs.shape[1] * ids))
    total = 0.0
    for start in range(0, outputs.shape[0], per_slice):
        part = nn.functional.cross_entropy(model.logits(cut[start : start + per_slice]).view(-1, ids),
                                           targets[start : start + per_slice].reshape(-1), reduction="sum")
        if backward_scale is not None:
            (part * backward_scale).backward()
        total += part.item()
    if backward_scale is not None:
        outputs.backward(cut.grad)
    return total


def evaluate(model, data, chunk, ids, sliced):
    model.eval()
    total, state = 0.0, None
    with torch.no_grad():
        for inputs, targets in chunks(data, chunk):
            outputs, state = model.outputs(inputs, state)
            total += loss_sum(model, outputs, targets, ids, sliced)
    model.train()
    return total / ((data.shape[0] - 1) * data.shape[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--sliced", action="store_true")
    args = parser.parse_args()
    settings = json.load(open(os.path.join(args.folder, "settings.json")))
    torch.set_num_threads(settings["threads"])
    torch.manual_seed(1)
    rows = [[int(t) for t in line.split()] for line in open(os.path.join(args.folder, "rows.txt"))]
    validation_rows = round(len(rows) * settings["validation_fraction"])
    train_rows, valid_rows = rows[: len(rows) - validation_rows], rows[len(rows) - validation_rows :]
    vocabulary, chunk, batch = settings["vocabulary"], settings["chunk"], settings["batch"]
    ids, end_of_row = vocabulary + 2, vocabulary + 1
    train = layout(train_rows, end_of_row, batch)
    valid_tokens = sum(len(r) + 1 for r in valid_rows)
    valid = layout(valid_rows, end_of_row, max(1, min(batch, valid_tokens // (2 * chunk))))
    model = LanguageModel(ids, settings["embedding"], settings["hidden"], settings["layers"], settings["tied"], settings["dropout"])
    optimizer = torch.optim.Adam(model.parameters(), lr=settings["learning_rate"])
    steps_per_epoch = (train.shape[0] - 2) // chunk + 1
    planned = settings["steps"]
    epochs = math.ceil(planned / steps_per_epoch)
    step, history = 0, []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        state, trained_loss, trained_tokens = None, 0.0, 0
        for inputs, targets in chunks(train, chunk):
            if step == planned:
                break
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(step, settings["learning_rate"], planned, settings["warmup_fraction"])
            optimizer.zero_grad()
            outputs, state = model.outputs(inputs, state)
            trained_loss += loss_sum(model, outputs, targets, ids, args.sliced, backward_scale=1.0 / targets.numel())
            nn.utils.clip_grad_norm_(model.parameters(), settings["clip"])
            optimizer.step()
            state = [(h.detach(), c.detach()) for h, c in state]
            trained_tokens += targets.numel()
            step += 1
        loss = evaluate(model, valid, chunk, ids, args.sliced)
        seconds = time.perf_counter() - start
        history.append({"epoch": epoch, "training_loss": trained_loss / trained_tokens, "validation_loss": loss,
                        "perplexity": math.exp(loss), "seconds": seconds, "tokens": trained_tokens})
        print(f"epoch {epoch}: training loss {trained_loss / trained_tokens:.4f}, validation perplexity {math.exp(loss):.2f}, {seconds:.1f} s",
              flush=True)
    total_seconds = sum(e["seconds"] for e in history)
    dotnet = settings["dotnet"]["epochs"]
    dotnet_seconds = sum(e["Seconds"] for e in dotnet)
    print(json.dumps({
        "torch": torch.__version__, "sliced": args.sliced, "steps": step, "tokens": sum(e["tokens"] for e in history),
        "pytorch": {"perplexity": history[-1]["perplexity"], "seconds": total_seconds,
                    "tokens_per_second": sum(e["tokens"] for e in history) / total_seconds, "epochs": history},
        "recurrentml": {"perplexity": dotnet[-1]["Perplexity"], "seconds": dotnet_seconds,
                        "tokens_per_second": sum(e["tokens"] for e in history) / dotnet_seconds},
    }, indent=1))


if __name__ == "__main__":
    main()
