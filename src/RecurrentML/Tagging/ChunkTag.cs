namespace RecurrentML.Tagging;

/// <summary>
/// A tag split the way conlleval splits it, at its first hyphen: <c>B-PER</c> is prefix <c>B</c> of type <c>PER</c>;
/// <c>O</c>, or any tag without a hyphen, is a prefix with the empty type. conlleval's Perl split also cuts the type at
/// a second hyphen (WNUT-17's <c>B-creative-work</c> becomes type <c>creative</c>); here the type is the whole rest,
/// which counts the same unless two types share their part before a hyphen, and names types as the data does.
/// </summary>
internal readonly record struct ChunkTag(string Prefix, string Type)
{
    /// <summary>The tag outside every chunk; also what a sentence boundary reads as.</summary>
    public static readonly ChunkTag Outside = new("O", "");

    public static ChunkTag Parse(string tag)
    {
        int hyphen = tag.IndexOf('-');
        return hyphen < 0 ? new ChunkTag(tag, "") : new ChunkTag(tag[..hyphen], tag[(hyphen + 1)..]);
    }
}
