namespace RecurrentML;

/// <summary>
/// Options of <c>mlContext.Transforms.AudioFeatures</c>: from a column of WAV file paths to a column of frames, each
/// <see cref="FeaturesPerStep"/> floats, that a recurrent encoder reads as float steps (its <c>FeaturesPerStep</c> set
/// to the same number). Every option is saved with the model, so a loaded model computes the same features.
/// </summary>
public sealed class AudioFeaturesOptions
{
    /// <summary>The Text column holding each row's WAV file path.</summary>
    public string InputColumnName = "Path";

    /// <summary>The Vector&lt;Single&gt; column of frames added: frame count × <see cref="FeaturesPerStep"/> values,
    /// frame after frame.</summary>
    public string OutputColumnName = "Features";

    /// <summary>Samples per second the features are computed at; a file at another rate is resampled to it (with
    /// an anti-aliasing filter when the rate falls).</summary>
    public int SampleRate = 16000;

    /// <summary>Mel-frequency cepstral coefficients (the default) or log mel energies.</summary>
    public AudioFeatureKind Kind = AudioFeatureKind.Mfcc;

    /// <summary>Cepstral coefficients per frame for <see cref="AudioFeatureKind.Mfcc"/>, at most <see cref="MelBands"/>.</summary>
    public int Coefficients = 13;

    /// <summary>Triangular mel filters between 0 Hz and half the sample rate.</summary>
    public int MelBands = 24;

    /// <summary>Length of a frame in milliseconds (Hamming-windowed).</summary>
    public double FrameMilliseconds = 25;

    /// <summary>Milliseconds from one frame's start to the next's.</summary>
    public double HopMilliseconds = 10;

    /// <summary>Pre-emphasis coefficient (y[n] = x[n] − a·x[n−1]) applied before framing; 0 for none.</summary>
    public double PreEmphasis = 0.97;

    /// <summary>Differences appended to each frame's features: 0 none, 1 deltas, 2 deltas and delta-deltas (over ±2
    /// frames, the HTK regression formula).</summary>
    public int Deltas = 0;

    /// <summary>Subtracts each feature's mean over the recording (cepstral mean normalisation), removing a fixed
    /// channel's colouring (microphone, line) before deltas are taken.</summary>
    public bool NormalizeMean = true;

    /// <summary>Values per frame in the output column: the base features times (1 + <see cref="Deltas"/>).</summary>
    public int FeaturesPerStep => (Kind == AudioFeatureKind.Mfcc ? Coefficients : MelBands) * (1 + Deltas);

    internal AudioFeaturesOptions Clone() => (AudioFeaturesOptions)MemberwiseClone();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName)) throw new ArgumentException("InputColumnName must name a Text column of WAV file paths.", nameof(InputColumnName));
        if (string.IsNullOrWhiteSpace(OutputColumnName)) throw new ArgumentException("OutputColumnName must name the features column to add.", nameof(OutputColumnName));
        Require(SampleRate >= 1000 && SampleRate <= 192000, nameof(SampleRate), SampleRate, "1000 to 192000");
        Require(Enum.IsDefined(Kind), nameof(Kind), Kind, "Mfcc or LogMel");
        Require(MelBands >= 1 && MelBands <= 256, nameof(MelBands), MelBands, "1 to 256");
        Require(Kind != AudioFeatureKind.Mfcc || (Coefficients >= 1 && Coefficients <= MelBands), nameof(Coefficients), Coefficients, $"1 to MelBands ({MelBands})");
        Require(FrameMilliseconds >= 1 && FrameMilliseconds <= 1000, nameof(FrameMilliseconds), FrameMilliseconds, "1 to 1000");
        Require(HopMilliseconds >= 1 && HopMilliseconds <= FrameMilliseconds * 4, nameof(HopMilliseconds), HopMilliseconds, "1 to 4 × FrameMilliseconds");
        Require(PreEmphasis >= 0 && PreEmphasis < 1, nameof(PreEmphasis), PreEmphasis, "0 to less than 1");
        Require(Deltas is >= 0 and <= 2, nameof(Deltas), Deltas, "0, 1 or 2");
        Require(FrameSamples >= 2, nameof(FrameMilliseconds), FrameMilliseconds, $"at least 2 samples at {SampleRate} Hz");
    }

    /// <summary>Samples per frame and per hop at <see cref="SampleRate"/>.</summary>
    internal int FrameSamples => (int)Math.Round(SampleRate * FrameMilliseconds / 1000);

    internal int HopSamples => Math.Max(1, (int)Math.Round(SampleRate * HopMilliseconds / 1000));

    private static void Require(bool valid, string name, object value, string range)
    {
        if (!valid) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; expected {range}.");
    }
}
