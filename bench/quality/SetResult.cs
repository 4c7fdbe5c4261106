namespace RecurrentML.Quality;

/// <summary>One set's row of the main results: its sizes and every method that applies to it.</summary>
internal sealed record SetResult(QualitySet Set, long TrainRows, long TestRows, IReadOnlyDictionary<Method, MethodResult> Methods);
