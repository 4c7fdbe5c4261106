namespace RecurrentML.Network;

/// <summary>A scored block: encodings [rows * encoding size] in block order, and each row's step weights (null when
/// not asked for).</summary>
internal sealed record EncodedBlock(float[] Encodings, float[][] StepWeights);
