"""A recurrent part-of-speech tagger in PyTorch, the reference for RecurrentML's tagger: accuracy and tokens per second
of the same model on the same files, run beside the C# tagger. See README-tagger.md beside this file.

Model: a lower-cased word embedding (100) concatenated with a character CNN over the word as written (character
embedding 25, 50 filters of width 3, tanh, max over the word's characters), a one-layer bidirectional LSTM (128 per
direction) over packed sentences, dropout 0.5, a linear layer to the tags; per-token cross-entropy over the valid
tokens, or with --crf a linear-chain CRF (forward-algorithm NLL, Viterbi decoding) written below. Adam. The epoch with
the best dev accuracy is kept and scores the test file once.

  python3 bench/reference/tagger_reference.py --train TRAIN --dev DEV --test TEST [--format conllu|conll]
      [--epochs 10] [--batch-size 32] [--lr 1e-3] [--seed 1] [--threads 2] [--max-sentences N] [--crf]

Progress goes to stderr; stdout gets one JSON line at the end.
Debian: apt-get install python3-torch libopenblas0-pthread
"""
import argparse
import copy
import json
import os
import random
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

WORD_DIM, CHAR_DIM, CHAR_FILTERS, CHAR_WIDTH, HIDDEN, DROPOUT = 100, 25, 50, 3, 128, 0.5
PAD, UNKNOWN = 0, 1  # row 0 of each vocabulary pads, row 1 stands for anything not seen in training
PREDICT_BATCH = 256
CHAR_GROUP = 256  # distinct tokens per character-CNN call: grouped by length, so that a long URL pads few others
CRF_INIT_BOUND = 0.1  # as RecurrentML's LinearChainCrf


# ---------------------------------------------------------------- reading

def read_conllu(path):
    """(tokens, tags) per sentence: FORM and UPOS of each word line; comments, multi-word token lines (ID 1-2) and
    empty nodes (ID 8.1) skipped; a blank (or white-space only) line ends a sentence."""
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 10:
                raise ValueError(f"{path}, line {number}: {len(fields)} TAB-separated fields; expected 10")
            if "-" in fields[0] or "." in fields[0]:
                continue
            tokens.append(fields[1])
            tags.append(fields[3])
    if tokens:
        sentences.append((tokens, tags))
    if not sentences:
        raise ValueError(f"{path}: no sentences")
    return sentences


def read_conll(path):
    """(tokens, tags) per sentence from token TAB tag lines (fields split on TABs when the line has one, else on spaces;
    the token is the first field, the tag the last); -DOCSTART- lines skipped; a blank (or white-space only) line ends
    a sentence."""
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            fields = [x.strip() for x in line.split("\t")] if "\t" in line else line.split()
            if len(fields) < 2 or not fields[0] or not fields[-1]:
                raise ValueError(f"{path}, line {number}: expected a token and its tag")
            tokens.append(fields[0])
            tags.append(fields[-1])
    if tokens:
        sentences.append((tokens, tags))
    if not sentences:
        raise ValueError(f"{path}: no sentences")
    return sentences


# ---------------------------------------------------------------- vocabularies and batches

class Vocabularies:
    def __init__(self, train):
        self.words = {"<pad>": PAD, "<unk>": UNKNOWN}
        self.chars = {"<pad>": PAD, "<unk>": UNKNOWN}
        self.tags = {}
        for tokens, tags in train:
            for token, tag in zip(tokens, tags):
                self.words.setdefault(token.lower(), len(self.words))
                for c in token:
                    self.chars.setdefault(c, len(self.chars))
                self.tags.setdefault(tag, len(self.tags))
        self.tag_names = list(self.tags)

    def batch(self, sentences):
        """Tensors of a batch: word ids [B, T]; the batch's distinct tokens as character ids, sorted by length and cut
        into groups of CHAR_GROUP, each padded to its longest token (a list of ([n, longest] ids, [n] lengths)); for
        each valid token in row-major order, its place among the distinct tokens [N]; lengths [B]; tag ids [B, T] (-1 at
        padding and for tags not seen in training)."""
        lengths = [len(tokens) for tokens, _ in sentences]
        longest = max(lengths)
        words = torch.zeros(len(sentences), longest, dtype=torch.long)
        tags = torch.full((len(sentences), longest), -1, dtype=torch.long)
        for i, (tokens, gold) in enumerate(sentences):
            words[i, : len(tokens)] = torch.tensor([self.words.get(t.lower(), UNKNOWN) for t in tokens])
            if gold is not None:
                tags[i, : len(tokens)] = torch.tensor([self.tags.get(t, -1) for t in gold])
        distinct = sorted({token for tokens, _ in sentences for token in tokens}, key=lambda t: (len(t), t))
        place = {token: i for i, token in enumerate(distinct)}
        groups = []
        for s in range(0, len(distinct), CHAR_GROUP):
            group = distinct[s : s + CHAR_GROUP]
            chars = torch.zeros(len(group), len(group[-1]), dtype=torch.long)
            for i, token in enumerate(group):
                chars[i, : len(token)] = torch.tensor([self.chars.get(c, UNKNOWN) for c in token])
            groups.append((chars, torch.tensor([len(t) for t in group])))
        token_places = torch.tensor([place[token] for tokens, _ in sentences for token in tokens])
        return words, groups, token_places, torch.tensor(lengths), tags


def length_batches(sentences, size, rng=None):
    """Batches of sentences of similar length: sorted by length (ties broken at random when rng is given), cut into
    batches of size, and the batches shuffled when rng is given."""
    order = list(range(len(sentences)))
    if rng is not None:
        rng.shuffle(order)
    order.sort(key=lambda i: len(sentences[i][0]))  # stable: the shuffle breaks ties
    batches = [[sentences[i] for i in order[s : s + size]] for s in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(batches)
    return batches


# ---------------------------------------------------------------- model

class LinearChainCrf(nn.Module):
    """A path y of a sentence of n tokens scores start[y_0] + sum_t emissions[t, y_t] + sum_{t>=1} transitions[y_{t-1},
    y_t] + end[y_{n-1}]; the loss is -log p(gold path), the mean over sentences. Batch-first; steps past a sentence's
    length take no part."""

    def __init__(self, tags):
        super().__init__()
        self.transitions = nn.Parameter(torch.empty(tags, tags).uniform_(-CRF_INIT_BOUND, CRF_INIT_BOUND))
        self.start_transitions = nn.Parameter(torch.empty(tags).uniform_(-CRF_INIT_BOUND, CRF_INIT_BOUND))
        self.end_transitions = nn.Parameter(torch.empty(tags).uniform_(-CRF_INIT_BOUND, CRF_INIT_BOUND))

    def negative_log_likelihood(self, emissions, tags, mask):
        """emissions [B, T, K], tags [B, T] (any value at padding), mask [B, T] bool, each row's first step valid."""
        batch, steps, _ = emissions.shape
        gold = tags.masked_fill(~mask, 0)
        rows = torch.arange(batch)
        score = self.start_transitions[gold[:, 0]] + emissions[rows, 0, gold[:, 0]]
        for t in range(1, steps):
            step = self.transitions[gold[:, t - 1], gold[:, t]] + emissions[rows, t, gold[:, t]]
            score = score + step * mask[:, t]
        last = gold[rows, mask.sum(1) - 1]
        score = score + self.end_transitions[last]

        alpha = self.start_transitions.unsqueeze(0) + emissions[:, 0]  # [B, K]
        for t in range(1, steps):
            # next[b, j] = logsumexp_i alpha[b, i] + transitions[i, j] + emissions[b, t, j]
            following = torch.logsumexp(alpha.unsqueeze(2) + self.transitions.unsqueeze(0), dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t].unsqueeze(1), following, alpha)
        log_partition = torch.logsumexp(alpha + self.end_transitions.unsqueeze(0), dim=1)
        return (log_partition - score).mean()

    def decode(self, emissions, lengths):
        """The best path of each row (Viterbi), as a list of tag ids as long as the row; ties go to the lower tag."""
        batch, steps, _ = emissions.shape
        mask = torch.arange(steps).unsqueeze(0) < lengths.unsqueeze(1)
        best = self.start_transitions.unsqueeze(0) + emissions[:, 0]
        came_from = []
        for t in range(1, steps):
            reached, previous = (best.unsqueeze(2) + self.transitions.unsqueeze(0)).max(1)
            best = torch.where(mask[:, t].unsqueeze(1), reached + emissions[:, t], best)
            came_from.append(previous)
        current = (best + self.end_transitions.unsqueeze(0)).argmax(1)  # each row's last tag
        path = torch.zeros(batch, steps, dtype=torch.long)
        for t in range(steps - 1, 0, -1):  # backtrace, all rows at once; a row joins at its last step
            inside = mask[:, t]
            path[:, t] = current
            earlier = came_from[t - 1].gather(1, current.unsqueeze(1)).squeeze(1)
            current = torch.where(inside, earlier, current)
        path[:, 0] = current
        return [row[:n] for row, n in zip(path.tolist(), lengths.tolist())]


class Tagger(nn.Module):
    def __init__(self, words, chars, tags, crf):
        super().__init__()
        self.word_embedding = nn.Embedding(words, WORD_DIM, padding_idx=PAD)
        self.char_embedding = nn.Embedding(chars, CHAR_DIM, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(CHAR_DIM, CHAR_FILTERS, CHAR_WIDTH, padding=CHAR_WIDTH // 2)
        self.lstm = nn.LSTM(WORD_DIM + CHAR_FILTERS, HIDDEN, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(DROPOUT)
        self.output = nn.Linear(2 * HIDDEN, tags)
        self.crf = LinearChainCrf(tags) if crf else None

    def char_features(self, chars, word_lengths):
        """[n, longest word] character ids -> [n, filters]: tanh of the convolution, max over each word's characters."""
        convolved = torch.tanh(self.char_cnn(self.char_embedding(chars).transpose(1, 2)))  # [n, F, L]
        padding = torch.arange(chars.shape[1]).unsqueeze(0) >= word_lengths.unsqueeze(1)  # [n, L]
        return convolved.masked_fill(padding.unsqueeze(1), float("-inf")).max(2).values

    def emissions(self, words, groups, token_places, lengths):
        """Tag scores [B, T, tags] (steps past a row's length hold the output bias; use the mask) and the mask [B, T]."""
        batch, steps = words.shape
        mask = torch.arange(steps).unsqueeze(0) < lengths.unsqueeze(1)
        characters = torch.zeros(batch, steps, CHAR_FILTERS)
        distinct = torch.cat([self.char_features(chars, word_lengths) for chars, word_lengths in groups])
        characters[mask] = distinct[token_places]  # valid tokens in row-major order, as in batch()
        inputs = torch.cat([self.word_embedding(words), characters], 2)
        packed = pack_padded_sequence(inputs, lengths, batch_first=True, enforce_sorted=False)
        outputs, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=steps)
        return self.output(self.dropout(outputs)), mask

    def loss(self, words, groups, token_places, lengths, tags):
        scores, mask = self.emissions(words, groups, token_places, lengths)
        if self.crf is not None:
            return self.crf.negative_log_likelihood(scores, tags, mask)
        return nn.functional.cross_entropy(scores[mask], tags[mask])  # mean over the batch's tokens

    def predict(self, words, groups, token_places, lengths):
        scores, _ = self.emissions(words, groups, token_places, lengths)
        if self.crf is not None:
            return self.crf.decode(scores, lengths)
        best = scores.argmax(2).tolist()
        return [row[:n] for row, n in zip(best, lengths.tolist())]


# ---------------------------------------------------------------- training and scoring

def tag(model, vocabularies, sentences):
    """Predicted tag names per sentence, in the input order, in length-sorted batches of PREDICT_BATCH."""
    model.eval()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i][0]))
    predicted = [None] * len(sentences)
    with torch.no_grad():
        for s in range(0, len(order), PREDICT_BATCH):
            part = order[s : s + PREDICT_BATCH]
            words, groups, token_places, lengths, _ = vocabularies.batch([(sentences[i][0], None) for i in part])
            for i, ids in zip(part, model.predict(words, groups, token_places, lengths)):
                predicted[i] = [vocabularies.tag_names[k] for k in ids]
    return predicted


def accuracy(sentences, predicted, only=None):
    right = total = 0
    for (tokens, gold), guess in zip(sentences, predicted):
        for token, g, p in zip(tokens, gold, guess):
            if only is None or only(token):
                total += 1
                right += g == p
    return (right / total if total else None), total


def log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--dev", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--format", choices=["conllu", "conll"], default="conllu")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-sentences", type=int, default=None, help="train on the first N sentences only")
    parser.add_argument("--crf", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    read = read_conllu if args.format == "conllu" else read_conll
    train, dev, test = read(args.train), read(args.dev), read(args.test)
    if args.max_sentences is not None:
        train = train[: args.max_sentences]
    train_tokens = sum(len(t) for t, _ in train)
    vocabularies = Vocabularies(train)
    log(f"train {len(train)} sentences, {train_tokens} tokens; dev {len(dev)}; test {len(test)}; "
        f"{len(vocabularies.words)} words, {len(vocabularies.chars)} characters, {len(vocabularies.tags)} tags; "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads")

    model = Tagger(len(vocabularies.words), len(vocabularies.chars), len(vocabularies.tags), args.crf)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    train_seconds, best = 0.0, None
    dev_history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        start = time.perf_counter()
        total_loss = 0.0
        for batch in length_batches(train, args.batch_size, rng):
            optimizer.zero_grad()
            loss = model.loss(*vocabularies.batch(batch))
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(batch)
        seconds = time.perf_counter() - start
        train_seconds += seconds
        dev_accuracy, _ = accuracy(dev, tag(model, vocabularies, dev))
        dev_history.append(dev_accuracy)
        log(f"epoch {epoch}: loss {total_loss / len(train):.4f}, dev accuracy {dev_accuracy:.4f}, "
            f"{seconds:.1f} s ({train_tokens / seconds:.0f} tokens/s)")
        if best is None or dev_accuracy > best[1]:
            best = (epoch, dev_accuracy, copy.deepcopy(model.state_dict()))

    model.load_state_dict(best[2])
    predicted = tag(model, vocabularies, test)  # scores the test file, and warms up
    start = time.perf_counter()
    tag(model, vocabularies, test)
    predict_seconds = time.perf_counter() - start
    test_tokens = sum(len(t) for t, _ in test)
    test_accuracy, _ = accuracy(test, predicted)
    oov_accuracy, oov_tokens = accuracy(test, predicted, only=lambda t: t.lower() not in vocabularies.words)
    log(f"best epoch {best[0]}: dev {best[1]:.4f}, test {test_accuracy:.4f}, OOV test {oov_accuracy} ({oov_tokens} tokens); "
        f"tagging {test_tokens} tokens took {predict_seconds:.2f} s")
    print(json.dumps({
        "train_sentences": len(train),
        "train_tokens": train_tokens,
        "epochs": args.epochs,
        "best_epoch": best[0],
        "dev_accuracy": best[1],
        "test_accuracy": test_accuracy,
        "oov_test_accuracy": oov_accuracy,
        "train_tokens_per_second": train_tokens * args.epochs / train_seconds,
        "predict_tokens_per_second": test_tokens / predict_seconds,
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "crf": args.crf,
        # details beyond the comparison's fields
        "test_tokens": test_tokens,
        "oov_test_tokens": oov_tokens,
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "dev_accuracy_per_epoch": dev_history,
        "seed": args.seed,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "load_average": os.getloadavg()[0],
    }), flush=True)


if __name__ == "__main__":
    main()
