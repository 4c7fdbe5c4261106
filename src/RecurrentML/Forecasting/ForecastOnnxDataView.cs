using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Onnx;

namespace RecurrentML.Forecasting;

/// <summary>
/// What ML.NET's ONNX converter walks through to write a global forecaster's networks (<see cref="OnnxForecastGraph"/>):
/// the series id column passes through, and the windows and quantiles are the graph's own input and output. It is
/// never scored in .NET (the forecaster's Transform makes one row per series instead).
/// </summary>
internal sealed class ForecastOnnxDataView : OnnxExportableDataView
{
    private readonly RecurrentForecastingTransformer _forecaster;
    private readonly IDataView _source;
    private readonly string _prefix;

    public ForecastOnnxDataView(RecurrentForecastingTransformer forecaster, IDataView source, string prefix)
    {
        _forecaster = forecaster;
        _source = source;
        _prefix = prefix;
    }

    public override DataViewSchema Schema => _source.Schema;
    public override IDataView Source => _source;
    public override bool CanShuffle => false;
    public override long? GetRowCount() => _source.GetRowCount();
    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null) => _source.GetRowCursor(columnsNeeded, rand);
    public override DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) => _source.GetRowCursorSet(columnsNeeded, n, rand);
    protected override string OnnxPrefix => "forecaster";
    protected override void WriteOnnx(OnnxGraphBuilder graph) => OnnxForecastGraph.Write(graph, _forecaster, _prefix);
    protected override string WhyNotSaved => "The forecaster's ONNX view is only for export; save the forecaster itself.";

    /// <summary>The transformer ML.NET's converter is handed: its Transform wraps the id column in the view above.</summary>
    internal sealed class Exporter(RecurrentForecastingTransformer forecaster, string prefix) : ITransformer
    {
        public bool IsRowToRowMapper => false;
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException("Only for ONNX export.");
        public IDataView Transform(IDataView input) => new ForecastOnnxDataView(forecaster, input, prefix);
        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException("Only for ONNX export; save the forecaster itself.");
    }
}
