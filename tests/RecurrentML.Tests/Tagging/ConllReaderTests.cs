using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

using static RecurrentML.Tests.Tagging.TaggingTestFiles;

namespace RecurrentML.Tests.Tagging;

/// <summary><c>LoadFromConllFile</c> on the shipped WNUT-17 subsets, on CoNLL-2003-style columns and on malformed files.</summary>
public sealed class ConllReaderTests
{
    [Fact]
    public void The_WNUT17_train_subset_reads_its_TAB_ended_sentences()
    {
        // Counted with awk (Data/SOURCE.md): 300 sentences, each ended by a line holding one TAB; 5,775 token lines;
        // 156 B- and 68 I- tags.
        var data = new MLContext(seed: 1).Data.LoadFromConllFile(DataFile("wnut17-train-300.conll"));
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), data.Schema["Tokens"].Type);
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), data.Schema["Tags"].Type);
        var rows = Rows(data);
        Assert.Equal(300, rows.Count);
        Assert.Equal(5775, rows.Sum(r => r.Tokens.Length));
        Assert.All(rows, r => Assert.Equal(r.Tokens.Length, r.Tags.Length));
        Assert.Equal(156, rows.SelectMany(r => r.Tags).Count(t => t.StartsWith("B-")));
        Assert.Equal(68, rows.SelectMany(r => r.Tags).Count(t => t.StartsWith("I-")));
        Assert.Equal(27, rows[0].Tokens.Length);
        Assert.Equal(new[] { "Empire", "State", "Building", "=", "ESB" }, rows[0].Tokens[14..19]);
        Assert.Equal(new[] { "B-location", "I-location", "I-location", "O", "B-location" }, rows[0].Tags[14..19]);
        Assert.Equal(new[] { "line 1", "line 29" }, rows.Take(2).Select(r => r.Id));
    }

    [Fact]
    public void The_WNUT17_dev_subset_reads_its_blank_ended_sentences()
    {
        // Counted with awk: 100 sentences, 1,626 tokens.
        var rows = Rows(new MLContext(seed: 1).Data.LoadFromConllFile(DataFile("wnut17-dev-100.conll")));
        Assert.Equal(100, rows.Count);
        Assert.Equal(1626, rows.Sum(r => r.Tokens.Length));
        Assert.Equal(new[] { "You", "should", "'", "ve", "stayed", "on", "Redondo", "Beach", "Blvd", "." }, rows[1].Tokens[..10]);
        Assert.Equal(new[] { "O", "O", "O", "O", "O", "O", "B-location", "I-location", "I-location", "O" }, rows[1].Tags[..10]);
        Assert.Equal("line 14", rows[1].Id);
    }

    // CoNLL-2003 layout (token, POS, chunk, entity; spaces; -DOCSTART- lines), sentences made up for the test.
    private const string Conll2003 =
        "-DOCSTART- -X- -X- O\n" +        // 1
        "\n" +                            // 2
        "Ada NNP B-NP B-PER\n" +          // 3
        "lives VBZ B-VP O\n" +            // 4
        "in  IN  B-PP  O\n" +             // 5: runs of spaces
        "New NNP B-NP B-LOC\n" +          // 6
        "York NNP I-NP I-LOC\n" +         // 7
        "\n" +                            // 8
        "-DOCSTART- -X- -X- O\n" +        // 9
        "\n" +                            // 10
        "Hi UH B-INTJ O\n" +              // 11
        "-DOCSTART- -X- -X- O\n" +        // 12: ends the sentence before it
        "Bye UH B-INTJ O";                // 13: no blank line at the end

    [Theory]
    [InlineData(-1, "B-PER O O B-LOC I-LOC|O|O")]
    [InlineData(3, "B-PER O O B-LOC I-LOC|O|O")]
    [InlineData(1, "NNP VBZ IN NNP NNP|UH|UH")]
    [InlineData(2, "B-NP B-VP B-PP B-NP I-NP|B-INTJ|B-INTJ")]
    public void CoNLL_2003_columns_read_any_tag_column_and_skip_document_lines(int tagColumn, string tags)
    {
        var rows = WithFile(Conll2003, ".conll", path => Rows(new MLContext(seed: 1).Data.LoadFromConllFile(path, tagColumn: tagColumn)));
        Assert.Equal(new[] { "Ada lives in New York", "Hi", "Bye" }, rows.Select(r => string.Join(' ', r.Tokens)));
        Assert.Equal(tags, string.Join('|', rows.Select(r => string.Join(' ', r.Tags))));
        Assert.Equal(new[] { "line 3", "line 11", "line 13" }, rows.Select(r => r.Id));
    }

    [Fact]
    public void TAB_separated_fields_may_hold_spaces_and_CRLF_and_a_BOM_are_read()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("New York\tB-LOC \r\nrocks\tO\r\n")).ToArray();
        var rows = WithFile(bytes, ".conll", path => Rows(new MLContext(seed: 1).Data.LoadFromConllFile(path)));
        Assert.Equal(new[] { "New York", "rocks" }, rows.Single().Tokens);
        Assert.Equal(new[] { "B-LOC", "O" }, rows.Single().Tags);
    }

    [Theory]
    [InlineData("a\tO\n\nhello\n", 0, -1, 3, "the line has 1 field; expected a token and its tag, separated by a TAB or spaces")]
    [InlineData("a\tO\nb\tO\tX\n", 0, -1, 2, "the line has 3 fields; expected 2, as on line 1 (every token line of a file has the same fields)")]
    [InlineData("a O\nb\n", 0, -1, 2, "the line has 1 field")]
    [InlineData("a\tNN\tO\n", 0, 3, 1, "the line has 3 fields; expected at least 4 to read the token from field 1 and the tag from field 4")]
    [InlineData("a\tO\n\tO\n", 0, -1, 2, "the token (field 1) is empty; expected a token and its tag")]
    [InlineData("a\tO\nb\t \n", 0, -1, 2, "the tag (field 2) is empty")]
    [InlineData("a\tO\n", 1, -1, 1, "the token field, 2, is the last of the line's 2 fields, which tagColumn -1 reads as the tag; expected another tokenColumn or tagColumn")]
    public void Malformed_lines_are_errors_naming_the_file_and_the_line(string text, int tokenColumn, int tagColumn, int line, string what)
    {
        string file = null;
        var error = Assert.Throws<InvalidDataException>(() =>
            WithFile(text, ".conll", path => new MLContext(seed: 1).Data.LoadFromConllFile(file = path, tokenColumn, tagColumn)));
        Assert.Contains($"The CoNLL file '{file}', line {line}: {what}", error.Message);
    }

    [Fact]
    public void An_empty_field_that_is_neither_token_nor_tag_is_no_error()
    {
        var rows = WithFile("a\tNN\t\n", ".conll", path => Rows(new MLContext(seed: 1).Data.LoadFromConllFile(path, tagColumn: 1)));
        Assert.Equal(new[] { "NN" }, rows.Single().Tags);
    }

    [Theory]
    [InlineData("-DOCSTART- -X- -X- O\n\n")]
    [InlineData("\t\n\n")]
    public void A_file_without_sentences_is_an_error(string text)
    {
        string file = null;
        var error = Assert.Throws<InvalidDataException>(() => WithFile(text, ".conll", path => new MLContext().Data.LoadFromConllFile(file = path)));
        Assert.StartsWith($"The CoNLL file '{file}' has no sentences", error.Message);
    }

    [Theory]
    [InlineData(-1, -1, "tokenColumn is -1; expected a 0-based field index, 0 or more.")]
    [InlineData(0, -2, "tagColumn is -2; expected a 0-based field index, or -1 for the last field.")]
    [InlineData(1, 1, "tagColumn and tokenColumn are both 1; expected two different fields.")]
    public void Column_arguments_out_of_range_are_refused(int tokenColumn, int tagColumn, string what)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().Data.LoadFromConllFile(DataFile("wnut17-dev-100.conll"), tokenColumn, tagColumn));
        Assert.StartsWith(what, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new MLContext().Data.LoadFromConllFile("/no/such/file.conll"));
        Assert.Contains("/no/such/file.conll", error.Message);
    }
}
