namespace RecurrentML;

/// <summary>What <see cref="AudioFeaturesOptions"/> computes for each frame of a recording.</summary>
public enum AudioFeatureKind
{
    /// <summary>Mel-frequency cepstral coefficients (<see cref="AudioFeaturesOptions.Coefficients"/> per frame): the
    /// discrete cosine transform of the log mel energies, the classic features of speech recognisers.</summary>
    Mfcc,

    /// <summary>The log energies of <see cref="AudioFeaturesOptions.MelBands"/> triangular mel filters per frame.</summary>
    LogMel,
}
