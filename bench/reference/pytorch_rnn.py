"""Measure (1) of the RecurrentML benchmark in PyTorch: one train step of an embedding + LSTM/GRU/RNN encoder with a
linear head, binary cross-entropy, gradient clipping at norm 5 and Adam, at the standard configuration (vocabulary
20,000, embedding 64, hidden 128, batch 64, length 100). The same work as RecurrentML's TrainStep on equal-length
batches. Prints one JSON object per cell on stdout.

Usage: python3 pytorch_rnn.py [--cells lstm,gru,rnn] [--steps 30] [--warmup 3] [--threads N]
Debian: apt-get install python3-torch libopenblas0-pthread
"""
import argparse
import json
import os
import statistics
import time

import torch
from torch import nn

VOCABULARY, EMBEDDING, HIDDEN, BATCH, LENGTH = 20_000, 64, 128, 64, 100


class Encoder(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY + 1, EMBEDDING, padding_idx=0)
        recurrent = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.recurrent = recurrent(EMBEDDING, HIDDEN, batch_first=True)
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, tokens):
        _, hidden = self.recurrent(self.embedding(tokens))
        if isinstance(hidden, tuple):  # LSTM returns (h, c)
            hidden = hidden[0]
        return self.head(hidden[-1]).squeeze(1)


def measure(cell, steps, warmup):
    torch.manual_seed(1)
    model = Encoder(cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.BCEWithLogitsLoss()
    batches = [(torch.randint(1, VOCABULARY + 1, (BATCH, LENGTH)), torch.randint(0, 2, (BATCH,)).float())
               for _ in range(8)]
    times = []
    for i in range(warmup + steps):
        tokens, labels = batches[i % len(batches)]
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_function(model(tokens), labels)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        loss.item()
        elapsed = time.perf_counter() - start
        if i >= warmup:
            times.append(elapsed)
    median = statistics.median(times)
    return {
        "cell": cell,
        "steps": steps,
        "step_ms_median": median * 1000,
        "step_ms_mean": statistics.fmean(times) * 1000,
        "tokens_per_second": BATCH * LENGTH / median,
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", default="lstm,gru,rnn")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for cell in args.cells.split(","):
        print(json.dumps(measure(cell, args.steps, args.warmup)), flush=True)


if __name__ == "__main__":
    main()
