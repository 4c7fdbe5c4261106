using Microsoft.ML;
using Microsoft.ML.Data;
using RecurrentML.Interop;
using RecurrentML.Onnx;

namespace RecurrentML.Transcription;

/// <summary>
/// What ML.NET's ONNX converter walks through to write a transcriber's network (<see cref="OnnxTranscriberGraph"/>): the
/// features column is the graph's input and passes through, and the per-step log-probabilities are its own output. It is
/// never scored in .NET (the transcriber's Transform adds the decoded transcript instead).
/// </summary>
internal sealed class TranscriberOnnxDataView(RecurrentTranscriberTransformer transcriber, IDataView source) : OnnxExportableDataView
{
    public override DataViewSchema Schema => source.Schema;
    public override IDataView Source => source;
    public override bool CanShuffle => false;
    public override long? GetRowCount() => source.GetRowCount();
    public override DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null) => source.GetRowCursor(columnsNeeded, rand);
    public override DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) => source.GetRowCursorSet(columnsNeeded, n, rand);
    protected override string OnnxPrefix => "transcriber";
    protected override void WriteOnnx(OnnxGraphBuilder graph) => OnnxTranscriberGraph.Write(graph, transcriber);
    protected override string WhyNotSaved => "The transcriber's ONNX view is only for export; save the transcriber itself.";

    /// <summary>The transformer ML.NET's converter is handed: its Transform wraps the features column in the view above.</summary>
    internal sealed class Exporter(RecurrentTranscriberTransformer transcriber) : ITransformer
    {
        public bool IsRowToRowMapper => false;
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException("Only for ONNX export.");
        public IDataView Transform(IDataView input) => new TranscriberOnnxDataView(transcriber, input);
        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException("Only for ONNX export; save the transcriber itself.");
    }
}
