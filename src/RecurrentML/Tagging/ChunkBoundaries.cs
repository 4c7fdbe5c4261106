namespace RecurrentML.Tagging;

/// <summary>
/// Where chunks (entities) start and end, from a token's tag and the previous token's; a sentence boundary reads as
/// <c>O</c>. These are the rules of conlleval, the CoNLL-2000 shared task's Perl script (its startOfChunk and endOfChunk),
/// so that scores compare with published ones: B-X begins a chunk of type X and I-X continues it (IOB2); an I-X after
/// <c>O</c> or after a chunk of another type begins a new chunk (IOB1); E-X ends one (IOE); any change of type ends one
/// chunk and begins another; <c>[</c> and <c>]</c> are one-token chunks and <c>.</c> is outside like <c>O</c>, as the
/// script reads them.
/// The script predates IOBES: it has no rule for S-X (a one-token chunk), so it joins S-X S-X into one chunk, and none for
/// E-X followed by B-X, which it joins too. The rules marked IOBES add these: a chunk ends after an S- tag, after an E-
/// tag before B- or S-, and before an S- tag; one starts at every S- tag, at a B- after an E- or S-, and at an E- or I-
/// after an S-. Tags without S- and without E- followed by B- are counted exactly as the script counts them.
/// </summary>
internal static class ChunkBoundaries
{
    /// <summary>Whether a chunk ended with the previous token.</summary>
    public static bool Ends(ChunkTag previous, ChunkTag current)
    {
        string last = previous.Prefix, tag = current.Prefix;
        return (last == "B" && tag is "B" or "O")
            || (last == "I" && tag is "B" or "O")
            || (last == "E" && tag is "E" or "I" or "O")
            || (last is not ("O" or ".") && previous.Type != current.Type)
            || last is "[" or "]"
            // IOBES
            || (last == "E" && tag is "B" or "S")
            || last == "S"
            || ((last is "B" or "I") && tag == "S");
    }

    /// <summary>Whether a chunk starts with the current token.</summary>
    public static bool Starts(ChunkTag previous, ChunkTag current)
    {
        string last = previous.Prefix, tag = current.Prefix;
        return (tag == "B" && last is "B" or "I" or "O")
            || (tag == "I" && last == "O")
            || (tag == "E" && last is "E" or "O")
            || (tag == "I" && last == "E")
            || (tag is not ("O" or ".") && previous.Type != current.Type)
            || tag is "[" or "]"
            // IOBES
            || tag == "S"
            || (tag == "B" && last is "E" or "S")
            || (last == "S" && tag is "E" or "I");
    }
}
