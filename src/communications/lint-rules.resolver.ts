// The organization's own lint phrases over GraphQL: lintRules (any reader), updateLintRules (ADMIN).
import { Arg, Authorized, Ctx, Field, InputType, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { viewerOf, type Context } from '../graphql/context';
import { customPhrases, MAX_CUSTOM_PHRASES, replaceCustomPhrases, requireLanguage } from './statement.lint';
import { LINT_LANGUAGES } from './lint/lint';

@ObjectType()
export class LintPhrase {
  @Field({ description: 'Matched case- and accent-insensitively, as whole words' }) phrase!: string;
  @Field({ description: 'The finding rule it raises, e.g. legal-risk' }) rule!: string;
  @Field() message!: string;
}

@ObjectType()
export class LintRuleSet {
  @Field() language!: string;
  @Field(() => [String], { description: 'Languages with built-in rules (excuses, blame, non-apologies, minimising, passive evasion)' }) builtInLanguages!: string[];
  @Field(() => [LintPhrase], { description: "The organization's own phrases, on top of the built-in rules" }) phrases!: LintPhrase[];
}

@InputType()
export class LintPhraseInput {
  @Field() @MaxLength(200) phrase!: string;
  @Field() @MaxLength(50) rule!: string;
  @Field() @MaxLength(500) message!: string;
}

@InputType()
export class UpdateLintRulesInput {
  @Field() @MaxLength(35) language!: string;
  @Field(() => [LintPhraseInput], { description: 'Replaces the list for this language; [] removes them' }) @ArrayMaxSize(MAX_CUSTOM_PHRASES) phrases!: LintPhraseInput[];
}

@Resolver()
export class LintRulesResolver {
  @Authorized()
  @Query(() => LintRuleSet)
  async lintRules(@Arg('language') language: string, @Ctx() ctx: Context): Promise<LintRuleSet> {
    const lang = requireLanguage(language, 'language');
    return { language: lang, builtInLanguages: [...LINT_LANGUAGES], phrases: await customPhrases(ctx.services.dataSource, viewerOf(ctx).organizationId, lang) };
  }

  @Authorized('ADMIN')
  @Mutation(() => LintRuleSet, { description: "Sets the organization's own phrases for a language (e.g. legal-risk words)" })
  async updateLintRules(@Arg('input') input: UpdateLintRulesInput, @Ctx() ctx: Context): Promise<LintRuleSet> {
    const lang = requireLanguage(input.language, 'input.language');
    const phrases = await replaceCustomPhrases(ctx.services.dataSource, viewerOf(ctx).organizationId, lang, input.phrases);
    return { language: lang, builtInLanguages: [...LINT_LANGUAGES], phrases };
  }
}
