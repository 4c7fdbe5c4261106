namespace RecurrentML.Tagging;

/// <summary>One sentence of a tagged corpus as the readers parse it: its tokens, one tag per token, and an id that finds
/// it in the file (the CoNLL-U <c># sent_id</c>, else <c>line N</c> of its first line). The data views are built from
/// these; code that wants plain lists (the tagger's own batching, say) can use them without an <c>IDataView</c>.</summary>
internal sealed record TaggedSentence(string[] Tokens, string[] Tags, string Id);
