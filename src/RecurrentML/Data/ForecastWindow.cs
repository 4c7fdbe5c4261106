using RecurrentML.Model;

namespace RecurrentML.Data;

/// <summary>
/// The network's view of one series at one forecast origin (<see cref="ForecastLayout"/>): the values before the
/// origin divided by the window's scale (the mean absolute value of its last season) minus 1, so that every series,
/// whatever its level, is read and predicted near 0; missing history before a short series' start is padding with
/// the observed flag 0. Training, forecasting and the ONNX input are all made here.
/// </summary>
internal static class ForecastWindow
{
    /// <summary>Fills one window's step features ([ContextLength, StepFeatures]) and horizon features ([Horizon,
    /// HorizonFeatures]) for the origin <paramref name="origin"/> (the values before it are the history) and returns the
    /// window's scale.</summary>
    public static double Fill(ForecastLayout layout, PanelSeries series, int origin, Span<float> steps, Span<float> horizon)
    {
        double scale = Scale(layout, series, origin);
        int f = layout.StepFeatures, context = layout.ContextLength;
        steps[..(context * f)].Clear();
        for (int j = 0; j < context; j++)
        {
            int t = origin - context + j;
            var step = steps.Slice(j * f, f);
            int k = 2;
            k = Season(layout, series.FirstTime + t, step, k);
            if (t < 0)
            {
                k += layout.Past.Length + layout.Future.Length;
                Static(layout, series, step[k..]);
                continue;
            }
            step[0] = (float)layout.ToNetwork(series.Values[t], scale);
            step[1] = 1;
            for (int c = 0; c < layout.Past.Length; c++) step[k++] = Standardize(series.Past[t][c], layout.Past[c]);
            for (int c = 0; c < layout.Future.Length; c++) step[k++] = Standardize(series.Future[t][c], layout.Future[c]);
            Static(layout, series, step[k..]);
        }
        int g = layout.HorizonFeatures;
        horizon[..(layout.Horizon * g)].Clear();
        for (int h = 0; h < layout.Horizon; h++)
        {
            int t = origin + h;
            var step = horizon.Slice(h * g, g);
            // Rows past the data's end (a training window's unobserved tail) have no covariates; their targets are masked.
            for (int c = 0; c < layout.Future.Length && t < series.Rows; c++) step[c] = Standardize(series.Future[t][c], layout.Future[c]);
            Season(layout, series.FirstTime + t, step, layout.Future.Length);
        }
        return scale;
    }

    /// <summary>The scaled targets of a training window and their mask (1 where the step has a value).</summary>
    public static void Targets(ForecastLayout layout, PanelSeries series, int origin, double scale, Span<float> targets, Span<float> mask)
    {
        for (int h = 0; h < targets.Length; h++)
        {
            int t = origin + h;
            bool has = t < series.Observed;
            targets[h] = has ? (float)layout.ToNetwork(series.Values[t], scale) : 0;
            mask[h] = has ? 1 : 0;
        }
    }

    /// <summary>The mean absolute value of the last <see cref="ForecastLayout.ScaleWindow"/> values before the origin
    /// (of all of them if fewer); 1 if they are all 0.</summary>
    public static double Scale(ForecastLayout layout, PanelSeries series, int origin)
    {
        int from = Math.Max(0, origin - layout.ScaleWindow);
        double sum = 0;
        for (int t = from; t < origin; t++) sum += Math.Abs(series.Values[t]);
        double scale = sum / (origin - from);
        return scale > 0 ? scale : 1;
    }

    private static int Season(ForecastLayout layout, long time, Span<float> step, int k)
    {
        if (layout.SeasonalPeriod <= 1) return k;
        double angle = 2 * Math.PI * (((time % layout.SeasonalPeriod) + layout.SeasonalPeriod) % layout.SeasonalPeriod) / layout.SeasonalPeriod;
        step[k] = (float)Math.Sin(angle);
        step[k + 1] = (float)Math.Cos(angle);
        return k + 2;
    }

    private static void Static(ForecastLayout layout, PanelSeries series, Span<float> step)
    {
        int k = 0;
        for (int c = 0; c < layout.Static.Length; c++)
        {
            var covariate = layout.Static[c];
            if (covariate.Categories != null)
            {
                int index = Array.IndexOf(covariate.Categories, series.StaticText[c]);
                if (index >= 0) step[k + index] = 1;
            }
            else step[k] = (float)((series.StaticNumbers[c] - covariate.Mean) / covariate.Scale);
            k += covariate.Width;
        }
    }

    private static float Standardize(float value, CovariateScaling scaling) => (value - scaling.Mean) / scaling.Scale;
}
