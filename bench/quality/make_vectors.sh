#!/usr/bin/env bash
# Makes the study's word vectors (StudyVectors.cs): fastText skipgram, 100 dimensions, trained on the 25,000 IMDB
# training reviews (never the test reviews), each review lower-cased with punctuation and diacritics removed as ML.NET's
# NormalizeText(keepPunctuations: false) does. About 6 minutes on 2 cores; needs python3 and fastText
# (apt-get install fasttext). Usage: bench/quality/make_vectors.sh [imdb folder] (default ../shared/data/imdb).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
imdb="${1:-$here/../../../shared/data/imdb}"
mkdir -p "$here/vectors"
python3 - "$imdb/imdb_train.csv" "$here/vectors/imdb_train_text.txt" <<'PY'
import csv, sys, unicodedata
def normalize(text):
    text = unicodedata.normalize('NFD', text.lower())
    return ''.join(c for c in text if not unicodedata.category(c).startswith('P') and unicodedata.category(c) != 'Mn')
with open(sys.argv[2], 'w') as out:
    for row in csv.DictReader(open(sys.argv[1], newline='')):
        out.write(' '.join(normalize(row['text']).split()) + '\n')
PY
fasttext skipgram -input "$here/vectors/imdb_train_text.txt" -output "$here/vectors/imdb-skipgram-100d" -dim 100 -epoch 5 -minCount 5 -thread 2
rm "$here/vectors/imdb-skipgram-100d.bin" "$here/vectors/imdb_train_text.txt"
