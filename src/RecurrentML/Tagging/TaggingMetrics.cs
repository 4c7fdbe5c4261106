namespace RecurrentML;

/// <summary>How well predicted tags match gold tags (<see cref="TaggingEvaluation"/>):
/// per token, for part-of-speech tagging, and per entity, for named-entity recognition with IOB tags. Scores are
/// fractions (conlleval prints them as percentages).</summary>
/// <param name="Tokens">Tokens compared.</param>
/// <param name="CorrectTags">Tokens whose predicted tag equals the gold tag.</param>
/// <param name="Entities">Entity-level counts and scores over all types.</param>
/// <param name="EntitiesByType">The same per entity type (<c>PER</c> of <c>B-PER</c>), for every type found in the gold or
/// the predicted tags, in ordinal order as conlleval lists them. Part-of-speech tags make no entities, or meaningless
/// ones: read <see cref="TokenAccuracy"/> for them.</param>
public sealed record TaggingMetrics(long Tokens, long CorrectTags, EntityMetrics Entities, IReadOnlyDictionary<string, EntityMetrics> EntitiesByType)
{
    /// <summary>Correct tags over tokens; 0 when there are no tokens.</summary>
    public double TokenAccuracy => Tokens == 0 ? 0 : (double)CorrectTags / Tokens;
}
