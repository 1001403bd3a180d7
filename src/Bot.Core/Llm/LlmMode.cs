namespace Bot.Core.Llm;

/// <summary><c>Bot:Llm:Mode</c>: whether questions go through the LLM (the <c>--llm</c> / <c>--no-llm</c> flags set it too).</summary>
public enum LlmMode
{
    /// <summary>The LLM answers when a chat model is available (<c>Bot:Llm:Endpoint</c> set, or an <c>IChatClient</c> registered).</summary>
    Auto,

    /// <summary>The LLM answers; no chat model available is a configuration error.</summary>
    On,

    /// <summary>The extractive answerer answers alone, whatever is configured.</summary>
    Off,
}
