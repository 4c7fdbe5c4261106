using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Persistence;
using RecurrentML.Tests.LanguageModels;
using Xunit;
using Xunit.Abstractions;

namespace RecurrentML.Tests.Persistence;

/// <summary>
/// Every field of a current-format entry's payload altered and its checksum computed again, as a buggy writer or a
/// hostile file would: the checksum cannot tell, so what the reader checks must. Each variant must fail to load with an
/// <see cref="InvalidDataException"/> or <see cref="FormatException"/>, or load and then either score finite values or
/// refuse the row with the scoring error that names it (an RNN with ReLU, whose state has no bound); a model whose
/// cell keeps its state bounded must never reach that error. The entries are the current fixtures: a ReLU RNN over
/// standardised float steps, an LSTM with a training head and one with attention over tokens, an LSTM language
/// model and an LSTM-CRF tagger with character features; also the header's format versions, with the checksum
/// computed over the altered header.
/// </summary>
public class RechecksummedFuzzTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "00010006");
    private static readonly string LanguageModelFixture = Path.Combine(AppContext.BaseDirectory, "LanguageModels", "Fixtures", "00010003", "lstm-counting.zip");

    private readonly ITestOutputHelper _output;

    public RechecksummedFuzzTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("rnn-relu-max-floats.zip")]
    [InlineData("lstm-score-text.zip")]
    [InlineData("lstm-attention-text.zip")]
    public void Every_altered_field_of_an_encoder_entry_fails_to_load_or_scores_finite_values(string fixture)
    {
        string zip = Path.Combine(Fixtures, fixture);
        bool floats = fixture.Contains("floats");
        Fuzz(zip, "RNNENCDR", EncoderFields, model => FormatCompatibilityTests.Score(new MLContext(seed: 1), model, floats),
            unboundedState: floats, scoringError: "The recurrent encoder's encoding of row ");
    }

    [Fact]
    public void Every_altered_field_of_a_language_model_entry_fails_to_load_or_evaluates_finite_values() =>
        Fuzz(LanguageModelFixture, "RNNLANGM", LanguageModelFields, Evaluate, unboundedState: false, scoringError: null);

    /// <summary>The CRF tagger with character features: it has every field the tagger's entry can hold.</summary>
    [Fact]
    public void Every_altered_field_of_a_tagger_entry_fails_to_load_or_tags_with_finite_scores() =>
        Fuzz(Path.Combine(AppContext.BaseDirectory, "Tagging", "Fixtures", "00010001", "tagger-crf.zip"), "RNNTAGGR", TaggerFields, Tag,
            unboundedState: false, scoringError: null);

    /// <summary>The tagger's scores of the shipped EWT subset's last 20 sentences, each token's tags read too.</summary>
    private static List<float[]> Tag(ITransformer model)
    {
        var mlContext = new MLContext(seed: 1);
        var all = mlContext.Data.LoadFromConllUFile(Tagging.TaggingTestFiles.DataFile("ewt-train-300.conllu"));
        var scored = model.Transform(mlContext.Data.SkipRows(all, 280));
        var tags = scored.GetColumn<string[]>("PredictedTags").ToList();
        Assert.All(tags, t => Assert.All(t ?? [], tag => Assert.False(string.IsNullOrEmpty(tag))));
        return scored.GetColumn<float[]>("Score").Select(s => s ?? []).ToList();
    }

    /// <summary>The language model's loss per token on other rows (perplexity, its exponential, may pass double's
    /// range for a model that loads: LanguageModelEvaluation says so), and that it generates.</summary>
    private static List<float[]> Evaluate(ITransformer model)
    {
        var mlContext = new MLContext(seed: 1);
        var language = ((IEnumerable<ITransformer>)model).OfType<LanguageModelTransformer>().Single();
        var rows = model.Transform(mlContext.Data.LoadFromEnumerable(LanguageModelTestData.Counting(20, seed: 2)));
        var generated = language.GenerateTokens(["one", "two"], new GenerationOptions { Temperature = 0, MaxTokens = 5 });
        return [[(float)language.Evaluate(rows).LossPerToken, generated.Count]];
    }

    /// <summary>Loads the zip, alters each field of the entry with <paramref name="signature"/> (and its header
    /// versions), recomputes the checksum, loads each variant and scores it with <paramref name="score"/>.</summary>
    private void Fuzz(string zip, string signature, Func<byte[], List<Field>> fields, Func<ITransformer, List<float[]>> score, bool unboundedState,
        string scoringError)
    {
        var bytes = File.ReadAllBytes(zip);
        var modelZip = new ModelZip(bytes);
        string name = modelZip.EntryWithSignature(signature);
        var entry = new FramedEntry(modelZip[name], Columns(zip));
        Assert.Equal(entry.StoredChecksum, entry.Checksum(entry.Header, entry.Payload)); // the test computes what the writer wrote

        var variants = Variants(entry, fields(entry.Payload)).ToList();
        int loadErrors = 0, scoringErrors = 0, finite = 0;
        var problems = new List<string>();
        foreach (var (description, damaged) in variants)
        {
            var mlContext = new MLContext(seed: 1);
            ITransformer model;
            try
            {
                model = mlContext.Model.Load(new MemoryStream(modelZip.With(name, damaged)), out _);
            }
            catch (Exception e) when (Chain(e).Any(x => x is InvalidDataException or FormatException))
            {
                loadErrors++;
                continue;
            }
            catch (Exception e)
            {
                problems.Add($"{description}: loading failed without a clear error: {Describe(e)}");
                continue;
            }
            try
            {
                var result = score(model);
                if (AllFinite(result)) finite++;
                else problems.Add($"{description}: loaded and scored non-finite values");
            }
            catch (Exception e) when (scoringError != null && unboundedState && Chain(e).Any(x => x is InvalidOperationException && x.Message.StartsWith(scoringError)))
            {
                scoringErrors++;
            }
            catch (Exception e)
            {
                problems.Add($"{description}: loaded, then scoring failed: {Describe(e)}");
            }
            finally
            {
                (model as IDisposable)?.Dispose();
            }
        }
        _output.WriteLine($"{Path.GetFileName(zip)}: {variants.Count} variants, {loadErrors} refused at load, {scoringErrors} rows refused when scoring, {finite} scored finite values");
        Assert.True(problems.Count == 0, $"{problems.Count} of {variants.Count} variants:\n{string.Join("\n", problems.Take(20))}");
        Assert.True(loadErrors > variants.Count / 2, $"only {loadErrors} of {variants.Count} variants were refused at load");
    }

    private static bool AllFinite(List<float[]> rows) => rows.All(r => r.All(float.IsFinite));

    private static string Describe(Exception e) => string.Join(" <- ", Chain(e).Select(x => $"{x.GetType().Name}: {x.Message}"));

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException) yield return e;
    }

    /// <summary>The entry's column names as the checksum covers them, from the model as it loads.</summary>
    private static string[] Columns(string zip)
    {
        var model = new MLContext().Model.Load(zip, out _);
        foreach (var transformer in (IEnumerable<ITransformer>)model)
        {
            if (transformer is RecurrentEncoderTransformer encoder)
                return [encoder.InputColumnName, encoder.OutputColumnName, encoder.AttentionWeightsColumnName, encoder.ScoreColumnName];
            if (transformer is LanguageModelTransformer language) return [language.InputColumnName, language.OutputColumnName];
            if (transformer is RecurrentTaggerTransformer tagger) return [tagger.TokensColumnName, tagger.PredictedLabelColumnName, tagger.ScoreColumnName];
        }
        throw new InvalidOperationException($"{zip} holds no recurrent transformer.");
    }

    /// <summary>Each field altered to the values that break it, the entry's checksum computed again; and the header's two
    /// format versions altered, the checksum computed over the altered header.</summary>
    private static IEnumerable<(string Description, byte[] Entry)> Variants(FramedEntry entry, List<Field> fields)
    {
        foreach (var field in fields)
            foreach (var (value, bytes) in field.Alternatives())
            {
                var payload = entry.Payload.ToArray();
                bytes.CopyTo(payload, field.Offset);
                if (!payload.AsSpan().SequenceEqual(entry.Payload)) yield return ($"{field.Name} set to {value}", entry.With(entry.Header, payload));
            }
        foreach (var (offset, what) in new[] { (FramedEntry.WrittenOffset, "written"), (FramedEntry.ReadableOffset, "readable") })
            foreach (uint version in new uint[] { 0x00010001, 0x00010002, 0x00010004, 0x00010005, 0x00010007, 0x00020001 })
            {
                var header = entry.HeaderBytes.ToArray();
                BitConverter.GetBytes(version).CopyTo(header, offset);
                yield return ($"header's {what} version set to 0x{version:X8}", entry.WithHeader(header));
            }
    }

    /// <summary>A field of a payload: where it is, its type, and what it holds now.</summary>
    private sealed record Field(string Name, int Offset, Type Type, byte[] Bytes)
    {
        public IEnumerable<(string Value, byte[] Bytes)> Alternatives()
        {
            if (Type == typeof(int))
            {
                int now = BitConverter.ToInt32(Bytes);
                foreach (int v in new[] { 0, -1, 1, 2, now + 1, now - 1, int.MaxValue, int.MinValue }.Distinct())
                    yield return (v.ToString(), BitConverter.GetBytes(v));
            }
            else if (Type == typeof(long))
            {
                long now = BitConverter.ToInt64(Bytes);
                foreach (long v in new[] { 0, -1, now + 1, long.MaxValue }.Distinct()) yield return (v.ToString(), BitConverter.GetBytes(v));
            }
            else if (Type == typeof(bool))
            {
                foreach (byte v in new byte[] { 0, 1, 2 }) yield return (v.ToString(), [v]);
            }
            else if (Type == typeof(float))
            {
                foreach (float v in new[] { float.MaxValue, -float.MaxValue, 1e5f, 9999f, -9999f, float.NaN, float.PositiveInfinity, 0f, float.Epsilon })
                    yield return (v.ToString("G9"), BitConverter.GetBytes(v));
            }
            else if (Type == typeof(double))
            {
                foreach (double v in new[] { double.NaN, double.NegativeInfinity, -1e308 }) yield return (v.ToString("G17"), BitConverter.GetBytes(v));
            }
            else if (Type == typeof(string))
            {
                // The 7-bit encoded length of a short string.
                foreach (byte v in new byte[] { 0, 0x7F, 0xFF }) yield return ($"length byte 0x{v:X2}", [v]);
            }
        }
    }

    /// <summary>Records the fields a payload is read as, in order.</summary>
    private sealed class FieldWalker(byte[] payload)
    {
        private readonly BinaryReader _reader = new(new MemoryStream(payload), Encoding.UTF8);
        public readonly List<Field> Fields = new();

        private int Position => (int)_reader.BaseStream.Position;

        private byte[] Take(string name, Type type, int size)
        {
            var bytes = payload.AsSpan(Position, size).ToArray();
            Fields.Add(new Field(name, Position, type, bytes));
            _reader.BaseStream.Position += size;
            return bytes;
        }

        public int Int(string name) => BitConverter.ToInt32(Take(name, typeof(int), sizeof(int)));
        public bool Bool(string name) => Take(name, typeof(bool), 1)[0] != 0;
        public void Double(string name) => Take(name, typeof(double), sizeof(double));
        public long Long(string name) => BitConverter.ToInt64(Take(name, typeof(long), sizeof(long)));

        public void SkipString() => _reader.ReadString();

        public string String(string name)
        {
            Fields.Add(new Field(name, Position, typeof(string), [payload[Position]]));
            return _reader.ReadString();
        }

        /// <summary>The first, a middle and the last value of <paramref name="count"/> floats.</summary>
        public void Floats(string name, long count)
        {
            int start = Position;
            foreach (long i in new[] { 0, count / 2, count - 1 }.Distinct())
                Fields.Add(new Field($"{name}[{i}]", start + (int)i * sizeof(float), typeof(float), payload.AsSpan(start + (int)i * sizeof(float), sizeof(float)).ToArray()));
            _reader.BaseStream.Position = start + count * sizeof(float);
        }

        public void Shape(string prefix)
        {
            foreach (string field in new[] { "cell", "embedding rows", "input size", "hidden size", "number of layers" }) Int($"{prefix}{field}");
            Bool($"{prefix}bidirectional");
            Int($"{prefix}pooling");
            Int($"{prefix}nonlinearity");
        }

        public void HistoryAndWeights()
        {
            int epochs = Int("training history length");
            for (int e = 0; e < epochs; e++)
            {
                Int($"epoch {e} number");
                Double($"epoch {e} training loss");
                Double($"epoch {e} validation loss");
                Double($"epoch {e} validation metric");
                String($"epoch {e} metric name");
                Double($"epoch {e} seconds");
            }
            int weights = Int("weight count");
            for (int w = 0; w < weights; w++)
            {
                string weight = String($"weight {w} name");
                int rank = Int($"rank of '{weight}'");
                long values = 1;
                for (int d = 0; d < rank; d++) values *= Long($"dimension {d} of '{weight}'");
                Floats($"'{weight}'", values);
            }
        }

        public int Remaining => payload.Length - Position;

        public bool AtEnd => Remaining == 0;
    }

    /// <summary>The fields of an encoder model as Persistence/EncoderModelFormat.cs lays it out.</summary>
    private static List<Field> EncoderFields(byte[] payload)
    {
        var walker = new FieldWalker(payload);
        walker.Int("sequence kind");
        walker.Int("vocabulary size");
        int featuresPerStep = walker.Int("features per step");
        walker.Int("maximum sequence length");
        walker.Int("truncation side");
        if (walker.Bool("standardised"))
        {
            walker.Floats("standardisation means", featuresPerStep);
            walker.Floats("standardisation deviations", featuresPerStep);
        }
        walker.Shape("");
        walker.HistoryAndWeights();
        if (walker.Bool("has training head"))
        {
            int outputs = walker.Int("training head outputs");
            walker.Floats("training head weights", walker.Remaining / sizeof(float) - outputs);
            walker.Floats("training head biases", outputs);
        }
        Assert.True(walker.AtEnd, "the walk did not end at the payload's end");
        return walker.Fields;
    }

    /// <summary>The fields of a language model's payload: generation options, then Persistence/LanguageModelFormat.cs.</summary>
    private static List<Field> LanguageModelFields(byte[] payload)
    {
        var walker = new FieldWalker(payload);
        walker.Int("generation max tokens");
        walker.Double("generation temperature");
        walker.Int("generation top-k");
        walker.Double("generation top-p");
        walker.Int("generation seed");
        int stops = walker.Int("stop token count");
        for (int i = 0; i < stops; i++) walker.String($"stop token {i}");
        int vocabulary = walker.Int("vocabulary size");
        for (int i = 0; i < vocabulary; i++) walker.String($"token {i + 1}");
        walker.String("token separator");
        walker.Shape("layers' ");
        walker.Bool("tied embeddings");
        walker.HistoryAndWeights();
        Assert.True(walker.AtEnd, "the walk did not end at the payload's end");
        return walker.Fields;
    }

    /// <summary>The fields of a tagger's payload as Persistence/TaggerModelFormat.cs lays it out; of each list of
    /// strings only the first two are altered.</summary>
    private static List<Field> TaggerFields(byte[] payload)
    {
        var walker = new FieldWalker(payload);
        void Strings(string what)
        {
            int count = walker.Int($"{what} count");
            for (int i = 0; i < count; i++)
                if (i < 2) walker.String($"{what} {i}");
                else walker.SkipString();
        }
        Strings("word");
        walker.Bool("lowercase words");
        if (walker.Bool("character features"))
        {
            Strings("character");
            foreach (string field in new[] { "character embedding size", "character filters", "character window width", "characters read of a word" })
                walker.Int(field);
        }
        Strings("tag");
        walker.Shape("layers' ");
        walker.Int("output layer");
        walker.HistoryAndWeights();
        Assert.True(walker.AtEnd, "the walk did not end at the payload's end");
        return walker.Fields;
    }

    /// <summary>An entry in the current format: ML.NET's header, string ids, then the marked frame (marker, payload
    /// length, payload, checksum), string table and tail.</summary>
    private sealed class FramedEntry
    {
        public const int WrittenOffset = 0x48, ReadableOffset = 0x4C;
        private readonly byte[] _entry;
        private readonly string[] _columns;
        private readonly int _payloadStart, _payloadLength;

        public FramedEntry(byte[] entry, string[] columns)
        {
            _entry = entry;
            _columns = columns;
            int modelStart = (int)BitConverter.ToInt64(entry, 16);
            int frame = modelStart + columns.Length * sizeof(int); // one string id per column name
            Assert.Equal(ChecksummedPayload.Marker, BitConverter.ToUInt32(entry, frame));
            _payloadLength = (int)BitConverter.ToInt64(entry, frame + sizeof(uint));
            _payloadStart = frame + sizeof(uint) + sizeof(long);
        }

        public byte[] Payload => _entry.AsSpan(_payloadStart, _payloadLength).ToArray();
        public ReadOnlySpan<byte> HeaderBytes => _entry.AsSpan(0, 0x100);
        public uint StoredChecksum => BitConverter.ToUInt32(_entry, _payloadStart + _payloadLength);
        public string[] Header => HeaderFields(_entry);

        /// <summary>ML.NET's header fields as Interop/ModelEntry.cs (ModelEntryHeader) renders them for the checksum.</summary>
        private static string[] HeaderFields(byte[] entry)
        {
            ulong U64(int at) => BitConverter.ToUInt64(entry, at);
            long assemblyAt = BitConverter.ToInt64(entry, 0x90);
            int assemblyBytes = (int)BitConverter.ToUInt32(entry, 0x98);
            return
            [
                $"{U64(0x40):X16}", $"{BitConverter.ToUInt32(entry, WrittenOffset):X8}", $"{BitConverter.ToUInt32(entry, ReadableOffset):X8}",
                $"{U64(0x50):X16}{U64(0x58):X16}{U64(0x60):X16}", $"{U64(0x68):X16}{U64(0x70):X16}{U64(0x78):X16}",
                assemblyBytes == 0 ? null : Encoding.Unicode.GetString(entry, (int)assemblyAt, assemblyBytes),
            ];
        }

        public uint Checksum(string[] header, byte[] payload) => ChecksummedPayload.Checksum([.. header, .. _columns], payload);

        /// <summary>The entry with <paramref name="payload"/> and the checksum over it and <paramref name="header"/>.</summary>
        public byte[] With(string[] header, byte[] payload)
        {
            var altered = _entry.ToArray();
            payload.CopyTo(altered, _payloadStart);
            BitConverter.GetBytes(Checksum(header, payload)).CopyTo(altered, _payloadStart + _payloadLength);
            return altered;
        }

        /// <summary>The entry with ML.NET's header <paramref name="header"/> and the checksum computed over it.</summary>
        public byte[] WithHeader(byte[] header)
        {
            var altered = _entry.ToArray();
            header.CopyTo(altered, 0);
            return new FramedEntry(altered, _columns).With(HeaderFields(altered), Payload);
        }
    }
}
