namespace RecurrentML.Quality;

/// <summary>One labelled text of a text set: the only columns the text pipelines and fastText read.</summary>
internal sealed class TextRow
{
    public string Text { get; set; }
    public bool Label { get; set; }
}
