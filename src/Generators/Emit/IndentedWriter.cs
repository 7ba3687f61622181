using System;
using System.Text;

namespace TinyNN.Generators.Emit;

/// <summary>Builds generated source line by line with indentation (no SyntaxFactory: text is faster and reads as what it emits).</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder builder = new();
    private int depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', depth * 4).Append(text);
        builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        depth++;
        return new Scope(this);
    }

    public override string ToString() => builder.ToString();

    private sealed class Scope(IndentedWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer.depth--;
            writer.Line("}");
        }
    }
}
