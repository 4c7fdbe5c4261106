using RecurrentML.Model;

namespace RecurrentML.Network.Heads;

/// <summary>A linear-chain CRF's weights as plain values, for the managed decoding (<see cref="CrfViterbi"/>) and
/// marginals (<see cref="CrfMarginals"/>): transitions [tags * tags] row-major (from, to), start and end [tags].</summary>
internal sealed record CrfWeights(float[] Transitions, float[] Start, float[] End)
{
    /// <summary>The CRF's weights among a tagger's (named as <see cref="TaggerWeights"/> says).</summary>
    public static CrfWeights From(IEnumerable<NamedWeight> weights)
    {
        var byName = weights.ToDictionary(w => w.Name);
        float[] Values(string name) => byName.TryGetValue(name, out var weight) ? weight.Values
            : throw new InvalidOperationException($"The tagger has no weight '{name}'; a CRF output layer needs it.");
        return new CrfWeights(Values(TaggerWeights.CrfTransitions), Values(TaggerWeights.CrfStart), Values(TaggerWeights.CrfEnd));
    }
}
