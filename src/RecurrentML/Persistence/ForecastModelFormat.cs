using RecurrentML.Model;
using RecurrentML.Network;

namespace RecurrentML.Persistence;

/// <summary>Reads and writes a <see cref="ForecastModel"/>, checking every value read (see <see cref="EntryReader"/>).</summary>
internal static class ForecastModelFormat
{
    // *** Binary format ***
    // int: horizon H; int: context length; int: seasonal period; bool: values logged
    // int: quantile level count Q, then double[Q]: the levels, increasing, in (0, 1), 0.5 among them
    // int: past covariate count, then per covariate: string column, float mean, float scale (> 0)
    // int: future covariate count, then the same per covariate
    // int: static covariate count, then per covariate: string column, bool text; if text int: category count C and
    //      string[C]; else float mean, float scale (> 0)
    // the encoder's shape as Persistence/EncoderModelFormat.cs writes it (float input: no embedding; input size = the
    //      layout's step features; Last pooling)
    // int: decoder size
    // int: member count M, then per member: int epochs E, double[E] training losses, then the weights in the network's
    //      parameter order (Network/NetworkWeights.cs, the forecaster's Expected) as Persistence/EntryWriter.cs lays
    //      them out; every weight finite and within the weight limit

    internal const string Entry = "The global forecaster's model entry";
    private const int MaxCount = 1 << 20;

    public static void Write(BinaryWriter writer, ForecastModel model)
    {
        var layout = model.Layout;
        writer.Write(layout.Horizon);
        writer.Write(layout.ContextLength);
        writer.Write(layout.SeasonalPeriod);
        writer.Write(layout.LogValues);
        writer.Write(layout.QuantileLevels.Length);
        foreach (double level in layout.QuantileLevels) writer.Write(level);
        foreach (var covariates in new[] { layout.Past, layout.Future })
        {
            writer.Write(covariates.Length);
            foreach (var covariate in covariates)
            {
                writer.Write(covariate.Column);
                writer.Write(covariate.Mean);
                writer.Write(covariate.Scale);
            }
        }
        writer.Write(layout.Static.Length);
        foreach (var covariate in layout.Static)
        {
            writer.Write(covariate.Column);
            writer.Write(covariate.Categories != null);
            if (covariate.Categories != null)
            {
                writer.Write(covariate.Categories.Length);
                foreach (string category in covariate.Categories) writer.Write(category);
            }
            else
            {
                writer.Write(covariate.Mean);
                writer.Write(covariate.Scale);
            }
        }
        EncoderModelFormat.WriteShape(writer, model.Encoder);
        writer.Write(model.DecoderSize);
        writer.Write(model.Members.Count);
        for (int m = 0; m < model.Members.Count; m++)
        {
            writer.Write(model.EpochLosses[m].Length);
            foreach (double loss in model.EpochLosses[m]) writer.Write(loss);
            EntryWriter.Weights(writer, model.Members[m]);
        }
    }

    public static ForecastModel Read(BinaryReader binary) => EntryReader.Read(binary, Entry, reader =>
    {
        int horizon = reader.Int("horizon", 1, MaxCount);
        int context = reader.Int("context length", 1, MaxCount);
        int period = reader.Int("seasonal period", 1, MaxCount);
        bool logValues = binary.ReadBoolean();
        int levelCount = reader.Int("quantile level count", 1, 1000);
        var levels = Enumerable.Range(0, levelCount).Select(_ => binary.ReadDouble()).ToArray();
        if (levels.Any(l => !(l > 0 && l < 1)) || levels.Zip(levels.Skip(1)).Any(p => p.First >= p.Second) || !levels.Contains(0.5))
            throw reader.Invalid($"has the quantile levels {string.Join(", ", levels)}; expected increasing levels in (0, 1), 0.5 among them.");
        var past = Covariates(reader, "past");
        var future = Covariates(reader, "future");
        int staticCount = reader.Int("static covariate count", 0, MaxCount);
        var statics = new StaticCovariate[staticCount];
        for (int k = 0; k < staticCount; k++)
        {
            string column = binary.ReadString();
            if (binary.ReadBoolean())
            {
                int categories = reader.Int("category count", 0, MaxCount);
                statics[k] = new StaticCovariate(column, Enumerable.Range(0, categories).Select(_ => binary.ReadString()).ToArray(), 0, 1);
            }
            else
            {
                var (mean, scale) = MeanAndScale(reader, column);
                statics[k] = new StaticCovariate(column, null, mean, scale);
            }
        }
        var layout = new ForecastLayout(horizon, context, period, levels, past, future, statics, logValues);
        var encoder = EncoderModelFormat.ReadShape(reader);
        if (encoder.EmbeddingRows != 0 || encoder.InputSize != layout.StepFeatures || encoder.Bidirectional)
            throw reader.Invalid($"is inconsistent: its encoder reads {encoder.InputSize} values a step (embedding rows {encoder.EmbeddingRows}, bidirectional {encoder.Bidirectional}); " +
                $"its layout gives {layout.StepFeatures} features a step, no embedding, forward only.");
        int decoderSize = reader.Int("decoder size", 1, EncoderModelFormat.MaxSize);
        int members = reader.Int("member count", 1, 1000);
        var expected = NetworkWeights.Expected(layout, encoder, decoderSize);
        var losses = new List<double[]>();
        var weights = new List<IReadOnlyList<NamedWeight>>();
        for (int m = 0; m < members; m++)
        {
            int epochs = reader.Int("epoch count", 0, MaxCount);
            losses.Add(Enumerable.Range(0, epochs).Select(_ => binary.ReadDouble()).ToArray());
            weights.Add(reader.Weights(expected, $"a {encoder.Cell} global forecaster of this shape"));
        }
        return new ForecastModel(layout, encoder, decoderSize, weights, losses);
    });

    private static CovariateScaling[] Covariates(EntryReader reader, string kind)
    {
        int count = reader.Int($"{kind} covariate count", 0, MaxCount);
        return Enumerable.Range(0, count).Select(_ =>
        {
            string column = reader.Reader.ReadString();
            var (mean, scale) = MeanAndScale(reader, column);
            return new CovariateScaling(column, mean, scale);
        }).ToArray();
    }

    private static (float Mean, float Scale) MeanAndScale(EntryReader reader, string column)
    {
        float mean = reader.Reader.ReadSingle(), scale = reader.Reader.ReadSingle();
        if (!float.IsFinite(mean) || !(scale > 0) || !float.IsFinite(scale))
            throw reader.Invalid($"standardises the covariate '{column}' by mean {mean} and scale {scale}; expected a finite mean and a positive finite scale.");
        return (mean, scale);
    }
}
