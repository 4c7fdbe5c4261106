using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Tagging;
using Xunit;

using static RecurrentML.Tests.Tagging.TaggingTestFiles;

namespace RecurrentML.Tests.Tagging;

/// <summary><c>LoadFromConllUFile</c> on the shipped EWT subsets and on malformed files.</summary>
public sealed class ConllUReaderTests
{
    // Counts of the shipped files made with awk, independently of the reader (see Data/SOURCE.md):
    // sentences = blank lines; words = lines whose first field is a whole number.
    private const int TrainSentences = 300, TrainWords = 2818;
    private const int DevSentences = 100, DevWords = 2319;

    [Fact]
    public void The_EWT_train_subset_reads_one_row_per_sentence_with_a_tag_per_word()
    {
        var data = new MLContext(seed: 1).Data.LoadFromConllUFile(DataFile("ewt-train-300.conllu"));
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), data.Schema["Tokens"].Type);
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance), data.Schema["Tags"].Type);
        Assert.Equal(TextDataViewType.Instance, data.Schema["SentenceId"].Type);
        var rows = Rows(data);
        Assert.Equal(TrainSentences, rows.Count);
        Assert.Equal(TrainWords, rows.Sum(r => r.Tokens.Length));
        Assert.All(rows, r => Assert.Equal(r.Tokens.Length, r.Tags.Length));
        Assert.Equal("email-enronsent03_01-0001", rows[0].Id);
        Assert.Equal("email-enronsent35_01-0142", rows[^1].Id);
        Assert.Equal(17, rows.SelectMany(r => r.Tags).Distinct().Count()); // every UPOS tag occurs in these 300 sentences
    }

    [Fact]
    public void A_multi_word_token_is_skipped_and_its_words_carry_the_tags()
    {
        // Line "7-8 don't" is followed by "7 do AUX VBP" and "8 n't PART RB".
        var rows = Rows(new MLContext(seed: 1).Data.LoadFromConllUFile(DataFile("ewt-train-300.conllu")));
        var sentence = rows.Single(r => r.Id == "email-enronsent03_01-0047");
        Assert.Equal(new[] { "I", "agree", "also", ",", "but", "I", "do", "n't", "know", "all", "the", "parties", "or", "complications", "involved", "." },
            sentence.Tokens);
        Assert.Equal(new[] { "PRON", "VERB", "ADV", "PUNCT", "CCONJ", "PRON", "AUX", "PART", "VERB", "DET", "DET", "NOUN", "CCONJ", "NOUN", "ADJ", "PUNCT" },
            sentence.Tags);
        Assert.DoesNotContain(rows.SelectMany(r => r.Tokens), t => t == "don't");
    }

    [Fact]
    public void Xpos_reads_the_treebanks_own_tags()
    {
        var rows = Rows(new MLContext(seed: 1).Data.LoadFromConllUFile(DataFile("ewt-train-300.conllu"), ConllUTagColumn.Xpos));
        var sentence = rows.Single(r => r.Id == "email-enronsent03_01-0047");
        Assert.Equal(new[] { "PRP", "VBP", "RB", ",", "CC", "PRP", "VBP", "RB", "VB", "PDT", "DT", "NNS", "CC", "NNS", "JJ", "." }, sentence.Tags);
        Assert.Equal(45, rows.SelectMany(r => r.Tags).Distinct().Count());
    }

    [Fact]
    public void The_EWT_dev_subset_skips_its_empty_node()
    {
        var rows = Rows(new MLContext(seed: 1).Data.LoadFromConllUFile(DataFile("ewt-dev-100.conllu")));
        Assert.Equal(DevSentences, rows.Count);
        Assert.Equal(DevWords, rows.Sum(r => r.Tokens.Length));
        // The 59th sentence has "8 like", "8.1 write" (an empty node), "9 about".
        Assert.Equal(new[] { "\"", "They", "can", "freely", "write", "anything", "they", "like", "about", "our" }, rows[58].Tokens[..10]);
    }

    [Fact]
    public void MapValueToKey_maps_tokens_and_tags_to_key_vectors_of_the_same_lengths()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromConllUFile(DataFile("ewt-train-300.conllu"));
        var keyed = mlContext.Transforms.Conversion.MapValueToKey("TagKeys", "Tags")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("TokenKeys", "Tokens"))
            .Fit(data).Transform(data);
        // Distinct values counted with awk: 17 UPOS tags, 989 word forms.
        Assert.Equal(new VectorDataViewType(new KeyDataViewType(typeof(uint), 17)), keyed.Schema["TagKeys"].Type);
        Assert.Equal(new VectorDataViewType(new KeyDataViewType(typeof(uint), 989)), keyed.Schema["TokenKeys"].Type);
        var tags = keyed.GetColumn<string[]>("Tags").ToList();
        var tagKeys = keyed.GetColumn<uint[]>("TagKeys").ToList();
        var tokenKeys = keyed.GetColumn<uint[]>("TokenKeys").ToList();
        Assert.Equal(TrainSentences, tagKeys.Count);
        for (int row = 0; row < tags.Count; row++)
        {
            Assert.Equal(tags[row].Length, tagKeys[row].Length);
            Assert.Equal(tags[row].Length, tokenKeys[row].Length);
            Assert.All(tagKeys[row], key => Assert.InRange(key, 1u, 17u));
        }
        // The keys read back as the tags they came from.
        var metrics = TaggingEvaluation.Evaluate(keyed, "Tags", "TagKeys");
        Assert.Equal((TrainWords, TrainWords), (metrics.Tokens, metrics.CorrectTags));
    }

    [Fact]
    public void The_parsed_sentences_are_there_without_a_data_view()
    {
        var sentences = ConllUFileParser.Parse(DataFile("ewt-dev-100.conllu"), ConllUTagColumn.Upos);
        Assert.Equal(DevSentences, sentences.Count);
        Assert.Equal(new[] { "From", "the", "AP", "comes", "this", "story", ":" }, sentences[0].Tokens);
        Assert.Equal(new[] { "ADP", "DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT" }, sentences[0].Tags);
        Assert.Equal("weblog-blogspot.com_nominations_20041117172713_ENG_20041117_172713-0001", sentences[0].Id);
    }

    private const string Word1 = "1\tHello\thello\tINTJ\tUH\t_\t0\troot\t0:root\t_";
    private const string Word2 = "2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\t_";

    [Fact]
    public void A_byte_order_mark_CRLF_and_a_missing_final_blank_line_are_read()
    {
        // Line 1 BOM + comment, 2-3 words, 4 blank, 5-6 words of a sentence without sent_id, and no blank line at the end.
        string text = "# sent_id = first\r\n" + Word1 + "\r\n" + Word2 + "\r\n\r\n" + Word1 + "\r\n" + Word2;
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();
        var rows = WithFile(bytes, ".conllu", path => Rows(new MLContext(seed: 1).Data.LoadFromConllUFile(path)));
        Assert.Equal(2, rows.Count);
        Assert.Equal(new[] { "first", "line 5" }, rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(new[] { "Hello", "there" }, r.Tokens));
        Assert.Equal(new[] { "INTJ", "ADV" }, rows[0].Tags);
    }

    [Fact]
    public void Whitespace_only_lines_end_sentences_and_an_underscore_form_is_a_word()
    {
        string text = Word1 + "\n \t\n" + "1\t_\t_\tPUNCT\tNFP\t_\t0\troot\t0:root\t_\n\n\n";
        var rows = WithFile(text, ".conllu", path => Rows(new MLContext(seed: 1).Data.LoadFromConllUFile(path)));
        Assert.Equal(new[] { "line 1", "line 3" }, rows.Select(r => r.Id));
        Assert.Equal(new[] { "_" }, rows[1].Tokens);
    }

    private const string Mwt = "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_";

    [Theory]
    [InlineData(Word1 + "\n2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\n", 2, "the line has 9 TAB-separated fields; expected 10 (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC)")]
    [InlineData(Word1 + "\n2 there there ADV RB _ 1 advmod 1:advmod _\n", 2, "the line has 1 TAB-separated field; expected 10")]
    [InlineData(Word1 + "\n2\t\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\t_\n", 2, "the FORM (field 2) is empty; expected the word")]
    [InlineData(Word1 + "\n2\tthere\tthere\t_\tRB\t_\t1\tadvmod\t1:advmod\t_\n", 2, "the word 'there' has no UPOS tag (field 4 is '_'); expected a tag, or read the other column with ConllUTagColumn.Xpos")]
    [InlineData(Word1 + "\n3\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\t_\n", 2, "the word ID is 3; expected 2 (word IDs run 1, 2, 3, ... within a sentence)")]
    [InlineData(Word1 + "\n" + Word2 + "\n" + Word1 + "\n", 3, "the word ID is 1; expected 3")]
    [InlineData("# sent_id = a\n" + Word1 + "\nx\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\t_\n", 3, "the ID 'x' is not a word ID (1, 2, ...), a multi-word token range (1-2) or an empty node (1.1)")]
    [InlineData(Word1 + "\n2-2\tthere\t_\t_\t_\t_\t_\t_\t_\t_\n", 2, "the multi-word token ID '2-2' is not a range from the next word ID, 2, to a later one (such as 2-3)")]
    [InlineData(Word1 + "\n3.1\tthere\tthere\tADV\tRB\t_\t_\t_\t1:advmod\t_\n", 2, "the empty node ID '3.1' does not fit after word 1; expected 1.1, 1.2, ...")]
    [InlineData(Word1 + "\n# a late comment\n" + Word2 + "\n", 2, "found a '#' comment among the sentence's word lines")]
    [InlineData(Word1 + "\n\n# sent_id = b\n# text = nothing\n\n" + Word1 + "\n", 3, "the sentence starting on this line has no word lines; expected a word line with ID 1")]
    [InlineData(Word1 + "\n\n" + Mwt, 3, "the sentence starting on this line has no word lines")]
    public void Malformed_lines_are_errors_naming_the_file_the_line_and_what_was_expected(string text, int line, string what)
    {
        string file = null;
        var error = Assert.Throws<InvalidDataException>(() => WithFile(text, ".conllu", path =>
        {
            file = path;
            return new MLContext(seed: 1).Data.LoadFromConllUFile(path);
        }));
        Assert.Contains($"The CoNLL-U file '{file}', line {line}: {what}", error.Message);
    }

    [Fact]
    public void A_missing_tag_of_the_column_asked_for_is_an_error_and_the_other_column_reads()
    {
        string text = Mwt + "\n1\tdo\tdo\tAUX\t_\t_\t0\troot\t0:root\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t1:advmod\t_\n";
        var error = Assert.Throws<InvalidDataException>(() => WithFile(text, ".conllu", path => new MLContext().Data.LoadFromConllUFile(path, ConllUTagColumn.Xpos)));
        Assert.Contains("line 2: the word 'do' has no XPOS tag (field 5 is '_'); expected a tag, or read the other column with ConllUTagColumn.Upos.", error.Message);
        var rows = WithFile(text, ".conllu", path => Rows(new MLContext().Data.LoadFromConllUFile(path)));
        Assert.Equal(new[] { "do", "n't" }, rows.Single().Tokens);
        Assert.Equal(new[] { "AUX", "PART" }, rows.Single().Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void A_file_without_sentences_is_an_error(string text)
    {
        string file = null;
        var error = Assert.Throws<InvalidDataException>(() => WithFile(text, ".conllu", path => new MLContext().Data.LoadFromConllUFile(file = path)));
        Assert.StartsWith($"The CoNLL-U file '{file}' has no sentences", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new MLContext().Data.LoadFromConllUFile("/no/such/file.conllu"));
        Assert.Contains("/no/such/file.conllu", error.Message);
    }
}
