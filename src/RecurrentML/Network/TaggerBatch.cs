using RecurrentML.Network.Characters;
using static TorchSharp.torch;

namespace RecurrentML.Network;

/// <summary>One sentence as ids: its words (0 for unknown), each word's character ids (null without character
/// features) and its 0-based tags (empty when tagging).</summary>
internal sealed record IdSentence(long[] Words, int[][] Characters, long[] Tags);

/// <summary>Stacks sentences into the tensors a <see cref="TaggerNetwork"/> reads.</summary>
internal static class TaggerBatch
{
    /// <summary>A batch's word ids [batch, steps], character ids [batch * steps, characters] (null without character
    /// features), gold tags [steps, batch] (0 at padding) and lengths [batch].</summary>
    public static (Tensor Words, Tensor Characters, Tensor Tags, Tensor Lengths) Create(IReadOnlyList<IdSentence> sentences, IReadOnlyList<int> rows, Device device)
    {
        int steps = rows.Max(r => Math.Max(1, sentences[r].Words.Length));
        var words = new long[rows.Count * steps];
        var tags = new long[steps * rows.Count];
        var lengths = new long[rows.Count];
        bool spelled = sentences[rows[0]].Characters != null;
        var spellings = spelled ? new int[rows.Count * steps][] : null;
        for (int i = 0; i < rows.Count; i++)
        {
            var sentence = sentences[rows[i]];
            lengths[i] = Math.Max(1, sentence.Words.Length);
            sentence.Words.CopyTo(words, i * steps);
            for (int t = 0; t < sentence.Tags.Length; t++) tags[t * rows.Count + i] = sentence.Tags[t];
            if (spelled)
                for (int t = 0; t < steps; t++) spellings[i * steps + t] = t < sentence.Characters.Length ? sentence.Characters[t] : Array.Empty<int>();
        }
        var characters = spelled ? CharacterCnn.Batch(spellings).to(device) : null;
        return (tensor(words, new long[] { rows.Count, steps }, device: device), characters, tensor(tags, new long[] { steps, rows.Count }, device: device), tensor(lengths));
    }
}
