namespace RecurrentML.Model;

/// <summary>One named weight tensor as plain values, in row-major order.</summary>
internal sealed record NamedWeight(string Name, long[] Shape, float[] Values);
