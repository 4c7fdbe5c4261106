using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Base;
using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Utils;
using NWaves.Windows;

namespace RecurrentML.Audio;

/// <summary>
/// One recording's frames of features as <see cref="AudioFeaturesOptions"/> say (NWaves' MFCC or triangular mel
/// filter bank, Hamming frames), with per-recording mean normalisation and deltas, flattened frame after frame. An
/// NWaves extractor keeps buffers between calls, so each instance serves one thread (one per cursor row).
/// </summary>
internal sealed class FrameFeatures
{
    // Power below which a mel band counts as silent (−100 dB re full scale): digital silence would otherwise give
    // log(float.Epsilon), a value 40 decades away from speech that no network should have to learn.
    private const float LogFloor = 1e-10f;

    private readonly AudioFeaturesOptions _options;
    private readonly FeatureExtractor _extractor;

    public FrameFeatures(AudioFeaturesOptions options)
    {
        _options = options;
        _extractor = options.Kind == AudioFeatureKind.Mfcc ? Mfcc(options) : LogMel(options);
    }

    /// <summary>The features of <paramref name="samples"/> (at the options' rate): at least one frame, a recording
    /// shorter than a frame being padded with silence.</summary>
    public float[] Compute(float[] samples)
    {
        if (samples.Length < _options.FrameSamples) Array.Resize(ref samples, _options.FrameSamples);
        var frames = _extractor.ComputeFrom(samples);
        if (_options.NormalizeMean) FeaturePostProcessing.NormalizeMean(frames);
        if (_options.Deltas > 0) FeaturePostProcessing.AddDeltas(frames, includeDeltaDelta: _options.Deltas == 2);
        int width = _options.FeaturesPerStep;
        var flat = new float[frames.Count * width];
        for (int f = 0; f < frames.Count; f++) frames[f].AsSpan(0, width).CopyTo(flat.AsSpan(f * width, width));
        return flat;
    }

    private static MfccExtractor Mfcc(AudioFeaturesOptions o) => new(new MfccOptions
    {
        SamplingRate = o.SampleRate, FeatureCount = o.Coefficients, FilterBankSize = o.MelBands, FrameSize = o.FrameSamples, HopSize = o.HopSamples,
        PreEmphasis = o.PreEmphasis, Window = WindowType.Hamming, NonLinearity = NonLinearityType.LogE, LogFloor = LogFloor,
    });

    private static FilterbankExtractor LogMel(AudioFeaturesOptions o)
    {
        int fftSize = 1;
        while (fftSize < o.FrameSamples) fftSize *= 2;
        // NWaves' own mel bands do not overlap and are rectangular; the usual log-mel features use overlapping triangles.
        var bands = FilterBanks.MelBands(o.MelBands, o.SampleRate, 0, o.SampleRate / 2.0);
        return new FilterbankExtractor(new FilterbankOptions
        {
            SamplingRate = o.SampleRate, FrameSize = o.FrameSamples, HopSize = o.HopSamples, PreEmphasis = o.PreEmphasis, Window = WindowType.Hamming,
            FilterBank = FilterBanks.Triangular(fftSize, o.SampleRate, bands, null, Scale.HerzToMel), NonLinearity = NonLinearityType.LogE, LogFloor = LogFloor,
        });
    }
}
