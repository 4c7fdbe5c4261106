namespace RecurrentML;

/// <summary>
/// Entity-level (chunk-level) scores of a tagger, over all entities or those of one type, as conlleval computes them:
/// a predicted entity is correct only when its first token, last token and type all equal a gold entity's, so an entity
/// found with one token too few scores as one miss and one false find.
/// </summary>
/// <param name="GoldEntities">Entities in the gold tags (conlleval's "found correct", the "phrases" it processed).</param>
/// <param name="PredictedEntities">Entities in the predicted tags (conlleval's "found guessed").</param>
/// <param name="CorrectEntities">Predicted entities that equal a gold entity (conlleval's "correct").</param>
public sealed record EntityMetrics(long GoldEntities, long PredictedEntities, long CorrectEntities)
{
    /// <summary>Correct over predicted entities; 0 when nothing was predicted.</summary>
    public double Precision => PredictedEntities == 0 ? 0 : (double)CorrectEntities / PredictedEntities;

    /// <summary>Correct over gold entities; 0 when there are none.</summary>
    public double Recall => GoldEntities == 0 ? 0 : (double)CorrectEntities / GoldEntities;

    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>, 2PR/(P+R); 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
