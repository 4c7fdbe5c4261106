namespace RecurrentML;

/// <summary>The recurrent cell of an encoder.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory: a cell state regulated by forget, input and output gates.</summary>
    Lstm,
    /// <summary>Gated recurrent unit: update and reset gates over a single hidden state.</summary>
    Gru,
    /// <summary>Plain Elman RNN: a nonlinearity over the previous hidden state and the input.</summary>
    Rnn,
}
