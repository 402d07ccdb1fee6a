using Lockstep.Language.Text;

namespace Lockstep.Language.Syntax.Ast;

/// <summary>Base of the immutable syntax tree. <see cref="Location"/> is where diagnostics and source sites point.</summary>
public abstract record SyntaxNode(SourceLocation Location);
