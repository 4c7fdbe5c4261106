namespace RecurrentML;

/// <summary>Which CoNLL-U column <c>LoadFromConllUFile</c> reads as the tags.</summary>
public enum ConllUTagColumn
{
    /// <summary>Column 4, UPOS: the 17 universal part-of-speech tags shared by every Universal Dependencies treebank.</summary>
    Upos,
    /// <summary>Column 5, XPOS: the treebank's own tag set (Penn Treebank tags in the English treebanks).</summary>
    Xpos,
}
