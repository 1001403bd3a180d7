using Microsoft.SemanticKernel;

namespace Bot.Core.Llm;

/// <summary>A loaded prompt template: the kernel function, its raw template (for token budgeting) and its answer-token reserve.</summary>
public sealed record PromptFunction(string Name, KernelFunction Function, string Template, int MaxTokens);
