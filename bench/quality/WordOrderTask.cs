namespace RecurrentML.Quality;

/// <summary>
/// The synthetic negation task of the test suite (<c>TestData.Negation</c> in tests/RecurrentML.Tests/TestData.cs),
/// reimplemented row for row, since the harness cannot reference the test project: the same seed gives the same rows.
/// Every row has 2 to 7 filler words, one sentiment word and one "not". The "not" flips the sentiment when it stands
/// right before the sentiment word; otherwise it is the last word and changes nothing. A bag of single words looks the
/// same for both classes, so only the order of the words tells them apart.
/// </summary>
internal static class WordOrderTask
{
    private static readonly string[] Positive = { "good", "great", "tasty", "fresh" };
    private static readonly string[] Negative = { "bad", "awful", "stale", "bland" };

    public static List<TextRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            bool positiveWord = random.Next(2) == 0;
            bool negated = random.Next(2) == 0;
            var words = Enumerable.Range(0, random.Next(2, 8)).Select(_ => "w" + random.Next(30)).ToList();
            int at = random.Next(words.Count + 1);
            words.Insert(at, positiveWord ? Positive[random.Next(4)] : Negative[random.Next(4)]);
            if (negated) words.Insert(at, "not");
            else words.Add("not");
            return new TextRow { Text = string.Join(' ', words), Label = positiveWord != negated };
        }).ToList();
    }
}
