namespace RecurrentML.Quality;

/// <summary>
/// How encoder settings are chosen: k-fold cross-validation (ML.NET's CrossValidate, seed 1; its folds are random,
/// not stratified) of the recurrent or combined pipeline with a candidate applied, on a set's training part only.
/// </summary>
internal static class CrossValidation
{
    public const int Folds = 3;

    public static CvRow Run(QualitySet set, SetData data, string candidate, Method method, RunInfo run)
    {
        var mlContext = QualityContext.Create();
        var pipeline = new TimedEstimator(Pipelines.Create(mlContext, method, data, Candidates.Find(candidate)));
        var accuracies = data.CrossValidate(mlContext, pipeline, Folds, QualityContext.Seed);
        return new CvRow(run.Date, set.Name, candidate, method, accuracies, pipeline.FitSeconds.Average());
    }
}
