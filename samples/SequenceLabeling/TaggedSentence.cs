/// <summary>One test sentence: its tokens, the gold tags and the tagger's.</summary>
public sealed record TaggedSentence(string[] Tokens, string[] Gold, string[] Predicted)
{
    public int Errors => Gold.Zip(Predicted).Count(p => p.First != p.Second);
}

