// The organization's sentiment lexicon over GraphQL: sentimentLexicon (any reader), updateSentimentLexicon (ADMIN).
import { Arg, Authorized, Ctx, Field, Float, InputType, ObjectType, Query, Mutation, Resolver } from 'type-graphql';
import { viewerOf, type Context } from '../graphql/context';
import { SCORED_LANGUAGES } from './score';
import { listSentimentTerms, requireScoredLanguage, updateSentimentTerms } from './sentiment.store';

@ObjectType()
export class SentimentTerm {
  @Field({ description: 'A word, an emoji or a phrase of several words; matched case- and accent-insensitively, as whole words' }) term!: string;
  @Field(() => Float, { description: 'From -5 (very negative) to 5, as in AFINN; it replaces the built-in score of the same words' }) score!: number;
}

@ObjectType()
export class SentimentLexicon {
  @Field() language!: string;
  @Field(() => [String], { description: 'Languages whose sentiment is computed (others are stored neutral, UNSCORED)' }) scoredLanguages!: string[];
  @Field(() => [SentimentTerm], { description: "The organization's own terms, over the built-in lexicon, alphabetically" }) terms!: SentimentTerm[];
}

@InputType()
export class SentimentTermInput {
  @Field({ description: '1 to 100 characters' }) term!: string;
  @Field(() => Float, { description: '-5 to 5; 0 removes the term (the built-in lexicon applies to it again)' }) score!: number;
}

@InputType()
export class UpdateSentimentLexiconInput {
  @Field({ description: 'One of the scored languages (en, fr)' }) language!: string;
  @Field(() => [SentimentTermInput], { description: 'Terms to add or change (at most 500 per call); the others stay as they are' })
  terms!: SentimentTermInput[];
}

@Resolver()
export class SentimentLexiconResolver {
  @Authorized()
  @Query(() => SentimentLexicon)
  async sentimentLexicon(@Arg('language') language: string, @Ctx() ctx: Context): Promise<SentimentLexicon> {
    const lang = requireScoredLanguage(language, 'language');
    return { language: lang, scoredLanguages: [...SCORED_LANGUAGES], terms: await listSentimentTerms(ctx.services.dataSource, viewerOf(ctx).organizationId, lang) };
  }

  @Authorized('ADMIN')
  @Mutation(() => SentimentLexicon, { description: "Adds or changes the organization's own sentiment terms; applies to mentions ingested from now on" })
  async updateSentimentLexicon(@Arg('input') input: UpdateSentimentLexiconInput, @Ctx() ctx: Context): Promise<SentimentLexicon> {
    const lang = requireScoredLanguage(input.language, 'input.language');
    const terms = await updateSentimentTerms(ctx.services.dataSource, viewerOf(ctx).organizationId, lang, input.terms);
    return { language: lang, scoredLanguages: [...SCORED_LANGUAGES], terms };
  }
}
