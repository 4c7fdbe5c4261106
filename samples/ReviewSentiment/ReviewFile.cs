namespace ReviewSentiment;

/// <summary>Reads the modeldata export of the Amazon fine-food reviews: a header line, then tab-separated
/// product, review, score (score "great" for 5 stars, "other" otherwise). Quotes are literal text.</summary>
public static class ReviewFile
{
    public static List<Review> Read(string path)
    {
        var reviews = new List<Review>();
        foreach (var (line, number) in File.ReadLines(path).Select((line, index) => (line, index + 1)).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length != 3 || (fields[2] != "great" && fields[2] != "other"))
                throw new InvalidDataException($"{path} line {number}: expected 'product<TAB>review<TAB>great|other'.");
            reviews.Add(new Review { Text = fields[1], Label = fields[2] == "great" });
        }
        return reviews;
    }
}
