using System.Net;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// A self-contained HTML page (inline CSS, no scripts or external resources) of tagged test sentences, one section per
/// corpus. Every word has its predicted tag under it; with BIO tags only entity words do, coloured by entity type. A
/// word whose predicted tag is not the gold one is outlined in red with the gold tag under the predicted one.
/// </summary>
public sealed class TaggedSentencesPage
{
    // Distinct on white and under each other's text; entity types take them in alphabetical order.
    private static readonly string[] Palette = { "#ffd8a8", "#b2f2bb", "#a5d8ff", "#eebefa", "#ffec99", "#99e9f2", "#ffc9c9", "#d0bfff" };

    private readonly StringBuilder _sections = new();

    /// <summary>A section of a dozen sentences of <paramref name="scored"/>, a test split with the columns Tokens, Tags
    /// (gold) and PredictedTags.</summary>
    public void AddSection(string title, IDataView scored, bool entities)
    {
        var sentences = Sentences(scored, entities);
        string note = entities
            ? "The first 12 test sentences of 5 to 40 tokens with an entity in the gold or predicted tags. Entity words are " +
              "coloured by predicted type, with the predicted BIO tag under them; a red outline marks a wrong tag, with the gold tag under it."
            : "The first 12 test sentences of 6 to 30 tokens. Under each word its predicted part of speech (UPOS); a red " +
              "outline marks a wrong tag, with the gold tag under it.";
        var types = entities
            ? sentences.SelectMany(s => s.Gold.Concat(s.Predicted)).Select(EntityType).Where(t => t != null).Distinct().Order(StringComparer.Ordinal).ToList()
            : new List<string>();
        var colours = types.Select((type, i) => (type, Palette[i % Palette.Length])).ToDictionary(p => p.type, p => p.Item2);
        _sections.Append($"<h2>{Encode(title)}</h2><p class=\"note\">{Encode(note)}</p>");
        if (entities)
        {
            _sections.Append("<p class=\"legend\">");
            foreach (var (type, colour) in colours) _sections.Append($"<span class=\"tok\" style=\"background:{colour}\">{Encode(type)}</span> ");
            _sections.Append("</p>");
        }
        foreach (var sentence in sentences)
        {
            int errors = sentence.Errors;
            _sections.Append("<div class=\"sentence\"><div class=\"meta\">")
                .Append(errors == 0 ? "every tag right" : $"<span class=\"bad\">{errors} of {sentence.Tokens.Length} tags wrong</span>")
                .Append("</div>");
            for (int i = 0; i < sentence.Tokens.Length; i++)
            {
                string predicted = sentence.Predicted[i], gold = sentence.Gold[i];
                bool wrong = predicted != gold;
                string type = entities ? EntityType(predicted) : null;
                string style = type != null ? $" style=\"background:{colours[type]}\"" : "";
                _sections.Append($"<span class=\"tok{(wrong ? " wrong" : "")}\"{style}><span class=\"word\">{Encode(sentence.Tokens[i])}</span>");
                if (!entities || type != null || wrong) _sections.Append($"<span class=\"tag\">{Encode(predicted)}</span>");
                if (wrong) _sections.Append($"<span class=\"gold\">gold {Encode(gold)}</span>");
                _sections.Append("</span> ");
            }
            _sections.Append("</div>");
        }
    }

    public string Html(string title) =>
        new StringBuilder()
            .Append($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Encode(title)}</title><style>")
            .Append("body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}")
            .Append(".note{color:#555}.legend .tok{padding:.15em .5em}")
            .Append(".sentence{border:1px solid #ddd;border-radius:6px;padding:.5em .7em;margin:.7em 0}")
            .Append(".meta{font-size:.8em;color:#555;margin-bottom:.3em}.bad{color:#c62828}")
            .Append(".tok{display:inline-block;vertical-align:top;text-align:center;padding:.1em .25em;margin:.1em 0;border-radius:4px;border:2px solid transparent}")
            .Append(".tok.wrong{border-color:#c62828}.word{display:block}")
            .Append(".tag{display:block;font-size:.7em;color:#445;letter-spacing:.03em}")
            .Append(".gold{display:block;font-size:.7em;color:#c62828;font-weight:bold}")
            .Append("</style></head><body>")
            .Append($"<h1>{Encode(title)}</h1>")
            .Append(_sections)
            .Append("</body></html>\n")
            .ToString();

    // The first twelve test sentences of a readable length (for entities, of those with an entity in the gold or the
    // predicted tags), in file order: not chosen by how well they are tagged.
    private static List<TaggedSentence> Sentences(IDataView scored, bool entities) =>
        scored.GetColumn<string[]>("Tokens").Zip(scored.GetColumn<string[]>("Tags"), scored.GetColumn<string[]>("PredictedTags"))
            .Select(s => new TaggedSentence(s.First, s.Second, s.Third))
            .Where(s => entities
                ? s.Tokens.Length is >= 5 and <= 40 && s.Gold.Concat(s.Predicted).Any(t => t != "O")
                : s.Tokens.Length is >= 6 and <= 30)
            .Take(12).ToList();

    /// <summary>The entity type of a BIO tag (<c>B-person</c>: person), or null for O and tags that are not BIO.</summary>
    private static string EntityType(string tag) => tag.Length > 2 && tag[1] == '-' && tag[0] is 'B' or 'I' ? tag[2..] : null;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
