namespace RecurrentML;

/// <summary>
/// Options of a recurrent transcriber (<c>mlContext.Transforms.RecurrentTranscriber</c>): a sequence of float steps in
/// (frames of audio features, pen strokes, sensor readings), a sequence of symbols out, learned from unsegmented
/// transcripts with connectionist temporal classification (CTC, Graves et al. 2006): no one says which frames hold which
/// symbol. Every character of a transcript is one symbol ("3147" is four digits). Where a default differs from the
/// encoders' (<see cref="RecurrentTrainingOptions"/>), the constructor sets it and this class says so:
/// <see cref="RecurrentTrainingOptions.HiddenSize"/> 64, <see cref="RecurrentTrainingOptions.NumberOfLayers"/> 2,
/// <see cref="RecurrentTrainingOptions.BatchSize"/> 16 (chosen on connected digits with a training speaker held out,
/// samples/SpeechDigits/README.md).
/// </summary>
public sealed class RecurrentTranscriberOptions : RecurrentTrainingOptions
{
    /// <summary>Options with every default (see the class summary for those that differ from the encoders').</summary>
    public RecurrentTranscriberOptions()
    {
        HiddenSize = 64;
        NumberOfLayers = 2;
        BatchSize = 16;
    }

    /// <summary>The recurrent cell. Default <see cref="RecurrentML.RecurrentCell.Lstm"/>.</summary>
    public RecurrentCell Cell = RecurrentCell.Lstm;

    /// <summary>The RNN's nonlinearity, when <see cref="Cell"/> is <see cref="RecurrentML.RecurrentCell.Rnn"/>. Default tanh.</summary>
    public RnnNonlinearity Nonlinearity = RnnNonlinearity.Tanh;

    /// <summary>Whether each layer also reads the sequence backwards, so a step's symbol sees what follows it. Default
    /// true: a forward-only network leaves CTC's all-blank plateau late or not at all (connected digits, 2,000 strings,
    /// a training speaker held out: in its 12th epoch, and not in 20 on speed-perturbed strings; 2 bidirectional layers
    /// of 64 in their 3rd). Bidirectional layers over a padded batch take torch's packed path, about 10x slower a step
    /// than forward-only ones at 128 units, hence <see cref="RecurrentTrainingOptions.HiddenSize"/> 64.</summary>
    public bool Bidirectional = true;

    /// <summary>Name of the input column: a Vector&lt;Single&gt; of steps, <see cref="FeaturesPerStep"/> values each,
    /// step after step (the audio features transform's output). Default <c>"Features"</c>.</summary>
    public string FeaturesColumnName = "Features";

    /// <summary>Values per step in <see cref="FeaturesColumnName"/> (<c>AudioFeaturesOptions.FeaturesPerStep</c>). Required.</summary>
    public int FeaturesPerStep;

    /// <summary>Name of the transcript column read in training: Text, one symbol per character. Default <c>"Label"</c>.</summary>
    public string LabelColumnName = "Label";

    /// <summary>Name of the column added: the recognised transcript, Text. Default <c>"Transcript"</c>.</summary>
    public string TranscriptColumnName = "Transcript";

    /// <summary>Prefixes the CTC prefix beam search keeps at each step; 1 decodes greedily (the best class at each step,
    /// repeats merged, blanks dropped). Default 8.</summary>
    public int BeamWidth = 8;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        RequireName(FeaturesColumnName, nameof(FeaturesColumnName));
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(TranscriptColumnName, nameof(TranscriptColumnName));
        RequireRange(FeaturesPerStep, 1, 65_536, nameof(FeaturesPerStep));
        RequireRange(BeamWidth, 1, 1024, nameof(BeamWidth));
        if (!Enum.IsDefined(Cell)) throw Invalid(nameof(Cell), Cell, $"one of {string.Join(", ", Enum.GetNames<RecurrentCell>())}");
        if (!Enum.IsDefined(Nonlinearity)) throw Invalid(nameof(Nonlinearity), Nonlinearity, $"one of {string.Join(", ", Enum.GetNames<RnnNonlinearity>())}");
        if (FeaturesColumnName == TranscriptColumnName)
            throw new ArgumentException($"FeaturesColumnName and TranscriptColumnName must differ; both are '{FeaturesColumnName}'.");
    }
}
