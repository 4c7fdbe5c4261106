using Microsoft.ML;

namespace RecurrentML.Quality;

/// <summary>One data set of the study, by the name <c>--sets</c> takes.</summary>
/// <param name="Load">Reads the set from the output's <c>Data</c> folder (the MLContext only builds the data views).</param>
/// <param name="Note">What a reader of the results should know about the set; printed and written beside its row.</param>
/// <param name="FoldTarget">Set for a set without a test part: the main run cross-validates the default recurrent
/// pipeline on its rows instead, and checks that every fold reaches this accuracy.</param>
internal sealed record QualitySet(string Name, Func<MLContext, string, SetData> Load, string Note, double? FoldTarget = null);
