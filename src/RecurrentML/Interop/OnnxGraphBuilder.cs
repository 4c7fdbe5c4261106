using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace RecurrentML.Interop;

/// <summary>One attribute of an ONNX node: an int64, int64 list, string, string list or a tensor element type.</summary>
internal readonly record struct OnnxAttribute(string Name, object Value)
{
    public static OnnxAttribute Int(string name, long value) => new(name, value);
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, values);
    public static OnnxAttribute String(string name, string value) => new(name, value);
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, values);
    /// <summary>An element type attribute, such as Cast's "to": <c>typeof(long)</c> is int64.</summary>
    public static OnnxAttribute ElementType(string name, Type type) => new(name, type);
}

/// <summary>
/// Adds nodes to the ONNX graph that ML.NET's <c>ConvertToOnnx</c> is building. ML.NET's <see cref="OnnxContext"/> is
/// internal ([BestFriend]); this class is the only place RecurrentML names it, so the rest of the exporter works with
/// variable names and plain arrays. Every variable and node it creates is named after <c>prefix</c>, made unique by
/// the context.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly OnnxContext _context;
    private readonly string _prefix;

    public OnnxGraphBuilder(OnnxContext context, string prefix)
    {
        _context = context;
        _prefix = prefix;
    }

    /// <summary>Throws, naming <paramref name="component"/>, when the export targets an opset below <paramref name="minimum"/>.</summary>
    public void RequireOpSet(int minimum, string component) => _context.CheckOpSetVersion(minimum, component);

    /// <summary>The variable holding a data view column at this point of the graph, or null when the column is not
    /// in the graph (an earlier step could not be exported).</summary>
    public string ColumnVariable(string columnName) =>
        _context.ContainsColumn(columnName) ? _context.GetVariableName(columnName) : null;

    /// <summary>Stops tracking a column: the convention for a step whose input is not in the graph.</summary>
    public void RemoveColumn(string columnName) => _context.RemoveColumn(columnName, removeVariable: false);

    /// <summary>Declares a graph input that is no data view column (values a caller computes outside the graph) and
    /// returns its variable.</summary>
    public string Input(string name, DataViewType type)
    {
        ConverterMethod("AddInputVariable").Invoke(_context, new object[] { type, name });
        return _context.GetVariableName(name);
    }

    /// <summary>Adds a graph output named <paramref name="name"/> (made unique) beside the data view columns, holding
    /// <paramref name="values"/>, with the element type of <paramref name="type"/> and the shape <paramref name="dims"/>
    /// (-1 for a size known only when run); returns the output's name.</summary>
    public string Output(string values, string name, DataViewType type, params long[] dims)
    {
        var output = _context.AddIntermediateVariable(null, name, skip: true);
        AddNode("Identity", new[] { values }, new[] { output }, Array.Empty<OnnxAttribute>());
        ConverterMethod("AddOutputVariable").Invoke(_context, new object[] { type, output, dims.ToList() });
        return output;
    }

    /// <summary>A public method of ML.NET's context class (OnnxContextImpl, internal to Microsoft.ML.OnnxConverter, which
    /// is not compiled against publicized): the abstract context it derives from cannot declare inputs or outputs.</summary>
    private System.Reflection.MethodInfo ConverterMethod(string name) =>
        _context.GetType().GetMethod(name)
            ?? throw new NotSupportedException($"This version of Microsoft.ML.OnnxConverter has no {_context.GetType().Name}.{name}; RecurrentML needs Microsoft.ML 5.0.1's.");

    public string Constant(string hint, long[] values, params long[] dims) => _context.AddInitializer(values, dims, Name(hint));

    public string Constant(string hint, float[] values, params long[] dims) => _context.AddInitializer(values, dims, Name(hint));

    /// <summary>A scalar (rank 0) int64 constant.</summary>
    public string Scalar(string hint, long value) => _context.AddInitializer(value, Name(hint));

    /// <summary>A scalar (rank 0) float constant.</summary>
    public string Scalar(string hint, float value) => _context.AddInitializer(value, Name(hint));

    /// <summary>Adds a node with one output and returns the output's variable name.</summary>
    public string Node(string op, string[] inputs, string outputHint, params OnnxAttribute[] attributes) =>
        Node(op, inputs, new[] { outputHint }, attributes)[0];

    /// <summary>Adds a node and returns its outputs' variable names; a null hint leaves that optional output out
    /// (and returns null for it).</summary>
    public string[] Node(string op, string[] inputs, string[] outputHints, params OnnxAttribute[] attributes)
    {
        var outputs = outputHints.Select(h => h == null ? "" : _context.AddIntermediateVariable(null, Name(h), skip: true)).ToArray();
        AddNode(op, inputs, outputs, attributes);
        return outputs.Select(o => o.Length == 0 ? null : o).ToArray();
    }

    /// <summary>Adds the node that computes a data view column: from here on the column maps to its output, whose type
    /// is declared in the graph. Call it last, so that a column replaced in place is read before it is remapped.</summary>
    public void ColumnNode(string op, string[] inputs, string columnName, DataViewType columnType, params OnnxAttribute[] attributes) =>
        AddNode(op, inputs, new[] { _context.AddIntermediateVariable(columnType, columnName) }, attributes);

    private void AddNode(string op, string[] inputs, string[] outputs, OnnxAttribute[] attributes)
    {
        var node = _context.CreateNode(op, inputs, outputs, _context.GetNodeName(Name(op)), "");
        foreach (var attribute in attributes)
        {
            switch (attribute.Value)
            {
                case long value: node.AddAttribute(attribute.Name, value); break;
                case long[] values: node.AddAttribute(attribute.Name, values); break;
                case string value: node.AddAttribute(attribute.Name, value); break;
                case string[] values: node.AddAttribute(attribute.Name, values); break;
                case Type type: node.AddAttribute(attribute.Name, type); break;
                default: throw new ArgumentException($"ONNX attribute '{attribute.Name}' has unsupported value type {attribute.Value?.GetType()}.", nameof(attributes));
            }
        }
    }

    private string Name(string hint) => $"{_prefix}.{hint}";
}
