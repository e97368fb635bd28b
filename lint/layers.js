// A local ESLint rule that holds the folders' layering (docs/architecture.md), in the
// spirit of VS Code's code-import-patterns: every relative import is resolved to the
// file it names, both ends are put in their layer, and an import a layer is not
// allowed is an error. The table of layers is the rule's option (eslint.config.js),
// so the lint and the documentation read one list.
import path from 'node:path';

/**
 * @typedef {{ name: string, paths: string[], may: string[] }} Layer
 *   `paths`: repository-relative folders or files (without extension) that make the layer;
 *   `may`: the other layers it may import (its own files it always may).
 */

/** The layer a repository-relative path (with or without extension) belongs to: the longest matching path wins. */
function layerOf(rel, layers) {
  let best;
  let bestLen = -1;
  for (const layer of layers) {
    for (const p of layer.paths) {
      const hit = rel === p || rel.startsWith(`${p}/`) || rel.startsWith(`${p}.`);
      if (hit && p.length > bestLen) {
        best = layer;
        bestLen = p.length;
      }
    }
  }
  return best;
}

const toPosix = (p) => p.split(path.sep).join('/');

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports run only down the layers of docs/architecture.md' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                paths: { type: 'array', items: { type: 'string' } },
                may: { type: 'array', items: { type: 'string' } },
              },
              required: ['name', 'paths', 'may'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: '{{from}} may not import {{to}} ({{spec}}): {{from}} imports only {{allowed}} (docs/architecture.md, "Layers")',
      outside: '{{from}} may not import {{spec}}: it is outside the app\'s layers (docs/architecture.md, "Layers")',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const file = toPosix(path.relative(root, context.filename));
    const from = layerOf(file, layers);
    if (!from) return {};

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return; // packages and node: are other rules' business
      const target = toPosix(path.relative(root, path.resolve(path.dirname(context.filename), spec)));
      const to = layerOf(target, layers);
      if (to === from) return;
      if (!to) {
        context.report({ node, messageId: 'outside', data: { from: from.name, spec } });
        return;
      }
      if (from.may.includes(to.name)) return;
      const allowed = from.may.length > 0 ? from.may.join(', ') : 'its own files';
      context.report({ node, messageId: 'upward', data: { from: from.name, to: to.name, spec, allowed } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      // `typeof import('../x')` and `import('../x').T` in types.
      TSImportType: (node) => {
        const arg = node.source ?? node.argument;
        const lit = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        if (lit && lit.type === 'Literal') check(lit, lit.value);
      },
    };
  },
};

export default { meta: { name: 'collimator-local' }, rules: { layers: layersRule } };
