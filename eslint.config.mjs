import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';

// eslint-plugin-n8n-nodes-base ships eslintrc-style configs: their rules are reused as flat config.
const rulesOf = (name) => n8nNodesBase.configs[name].rules;

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'examples/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: communityNodes.configs.recommended.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...rulesOf('credentials'),
			// this rule wants a slug for n8n's own docs site; a community credential links to the vendor's docs
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...rulesOf('nodes'),
			// these two predate NodeConnectionTypes and contradict the newer community rule
			// node-connection-type-literal, which n8n's verification applies: it wins
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: { ...rulesOf('community'), ...communityNodes.configs.recommended.rules },
	},
];
