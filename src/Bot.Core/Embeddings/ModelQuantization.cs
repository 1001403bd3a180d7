namespace Bot.Core.Embeddings;

/// <summary>The local model's weights (<c>Bot:Embeddings:Quantization</c>).</summary>
public enum ModelQuantization
{
    /// <summary>The model file as it is (float32).</summary>
    None,

    /// <summary>
    /// Its MatMul weights quantised to int8 once (<see cref="Int8Quantizer"/>), activations quantised per run: about
    /// 2.3× the texts per CPU-second; vectors stored under their own key (<c>…:int8</c>).
    /// </summary>
    Int8,
}
