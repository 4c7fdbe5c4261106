using System.Net;
using System.Text;
using Microsoft.ML;

namespace ReviewSentiment;

/// <summary>
/// What an attention LSTM kept of each review: every word the encoder read with its attention weight (from the
/// encoder's attention weights column, which lines up with the last MaxSequenceLength words of the normalised text),
/// the words it weighed most, and whether the weights are faithful to the prediction.
/// </summary>
public sealed class Explanations
{
    private readonly MLContext _mlContext;
    private readonly ITransformer _model;

    public Explanations(MLContext mlContext, ITransformer model)
    {
        _mlContext = mlContext;
        _model = model;
    }

    public sealed class Explained
    {
        public string[] Words { get; set; }
        public float[] Attention { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    /// <summary>A review's words and what the model made of them; <see cref="Weights"/>[i] is word i's weight, NaN for
    /// words cut off before the encoder's window.</summary>
    public sealed record Explanation(Review Review, string[] Words, float[] Weights, float Probability, bool Predicted)
    {
        public IEnumerable<(string Word, float Weight)> Top(int count) =>
            Words.Zip(Weights).Where(p => !float.IsNaN(p.Second)).OrderByDescending(p => p.Second).Take(count);
    }

    public List<Explanation> Explain(IReadOnlyList<Review> reviews)
    {
        var scored = _mlContext.Data.CreateEnumerable<Explained>(_model.Transform(_mlContext.Data.LoadFromEnumerable(reviews)), reuseRowObject: false).ToList();
        return scored.Select((s, i) =>
        {
            var words = s.Words ?? Array.Empty<string>();
            var weights = Enumerable.Repeat(float.NaN, words.Length).ToArray();
            // The encoder read the last Attention.Length words (an empty review is one unknown step, no word).
            int first = words.Length - s.Attention.Length;
            for (int t = 0; t < s.Attention.Length && first + t >= 0; t++) weights[first + t] = s.Attention[t];
            return new Explanation(reviews[i], words, weights, s.Probability, s.PredictedLabel);
        }).ToList();
    }

    /// <summary>Words by mean relative weight (weight x words read: 1 is an average word), over words seen at least
    /// <paramref name="minimumCount"/> times.</summary>
    public static List<(string Word, double Weight, int Count)> TopWords(IEnumerable<Explanation> explanations, int count, int minimumCount)
    {
        var relative = new Dictionary<string, List<double>>();
        foreach (var e in explanations)
        {
            int read = e.Weights.Count(w => !float.IsNaN(w));
            for (int i = 0; i < e.Words.Length; i++)
                if (!float.IsNaN(e.Weights[i]))
                {
                    if (!relative.TryGetValue(e.Words[i], out var list)) relative[e.Words[i]] = list = new List<double>();
                    list.Add(e.Weights[i] * read);
                }
        }
        return relative.Where(p => p.Value.Count >= minimumCount).Select(p => (p.Key, p.Value.Average(), p.Value.Count))
            .OrderByDescending(p => p.Item2).Take(count).ToList();
    }

    /// <summary>
    /// ERASER's comprehensiveness (DeYoung et al. 2020): the mean change of the predicted probability when each
    /// review loses its <paramref name="k"/> highest-weighted words, beside the same for <paramref name="k"/> random
    /// words (averaged over <paramref name="randomDraws"/> draws). Faithful weights make the first much larger.
    /// </summary>
    public (double TopK, double RandomK) Comprehensiveness(IReadOnlyList<Explanation> explanations, int k, int randomDraws, int seed)
    {
        var usable = explanations.Where(e => e.Weights.Count(w => !float.IsNaN(w)) > k).ToList();
        double top = MeanChange(usable, e => e.Words.Select((w, i) => (i, e.Weights[i])).Where(p => !float.IsNaN(p.Item2))
            .OrderByDescending(p => p.Item2).Take(k).Select(p => p.i).ToHashSet());
        var random = new Random(seed);
        double randomChange = Enumerable.Range(0, randomDraws).Average(_ => MeanChange(usable, e =>
            Enumerable.Range(0, e.Words.Length).Where(i => !float.IsNaN(e.Weights[i])).OrderBy(_ => random.Next()).Take(k).ToHashSet()));
        return (top, randomChange);
    }

    private double MeanChange(List<Explanation> explanations, Func<Explanation, HashSet<int>> deleted)
    {
        var shortened = explanations.Select(e =>
        {
            var drop = deleted(e);
            return new Review { Text = string.Join(' ', e.Words.Where((_, i) => !drop.Contains(i))), Label = e.Review.Label };
        }).ToList();
        var scored = _mlContext.Data.CreateEnumerable<Explained>(_model.Transform(_mlContext.Data.LoadFromEnumerable(shortened)), reuseRowObject: false).ToList();
        return scored.Select((s, i) => Math.Abs(s.Probability - explanations[i].Probability)).Average();
    }

    /// <summary>An HTML page: each review's words shaded by weight (words before the encoder's window in grey), its
    /// true and predicted label, and the top words overall.</summary>
    public static string Html(IEnumerable<Explanation> explanations, IEnumerable<(string Word, double Weight, int Count)> topWords, string title)
    {
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>")
            .Append("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}")
            .Append(".review{border:1px solid #ddd;border-radius:6px;padding:.6em .8em;margin:.8em 0;line-height:1.9}")
            .Append(".meta{font-size:.85em;color:#555;margin-bottom:.3em}.right{color:#1a7f37}.wrong{color:#c62828}")
            .Append(".w{padding:.1em .15em;border-radius:3px}.cut{color:#aaa}table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left}")
            .Append("</style></head><body>")
            .Append($"<h1>{WebUtility.HtmlEncode(title)}</h1>")
            .Append("<p>Each word is shaded by the attention weight the LSTM gave it, relative to the review's largest weight; ")
            .Append("the encoding is the weighted sum of the LSTM's outputs. Grey words lie before the last words the encoder reads (its MaxSequenceLength).</p>");
        foreach (var e in explanations)
        {
            float max = e.Weights.Where(w => !float.IsNaN(w)).DefaultIfEmpty(1).Max();
            string verdict = e.Predicted == e.Review.Label ? "right" : "wrong";
            html.Append("<div class=\"review\"><div class=\"meta\">")
                .Append($"true: <b>{Label(e.Review.Label)}</b> &middot; predicted: <b class=\"{verdict}\">{Label(e.Predicted)}</b> (p = {e.Probability:F2}) &middot; top words: ")
                .Append(WebUtility.HtmlEncode(string.Join(", ", e.Top(3).Select(t => t.Word))))
                .Append("</div>");
            for (int i = 0; i < e.Words.Length; i++)
            {
                string word = WebUtility.HtmlEncode(e.Words[i]);
                if (float.IsNaN(e.Weights[i])) html.Append($"<span class=\"cut\">{word}</span> ");
                else html.Append($"<span class=\"w\" style=\"background:rgba(255,140,0,{e.Weights[i] / max:F3})\" title=\"{e.Weights[i]:F4}\">{word}</span> ");
            }
            html.Append("</div>");
        }
        html.Append("<h2>Top words over the test reviews</h2><p>Mean weight relative to an even spread (1 = an average word), words seen at least 5 times.</p>")
            .Append("<table><tr><th>word</th><th>relative weight</th><th>occurrences</th></tr>");
        foreach (var (word, weight, count) in topWords)
            html.Append($"<tr><td>{WebUtility.HtmlEncode(word)}</td><td>{weight:F2}</td><td>{count}</td></tr>");
        return html.Append("</table></body></html>\n").ToString();
    }

    private static string Label(bool fiveStars) => fiveStars ? "5 stars" : "1-4 stars";
}
