import { SectionSkeleton } from '@/components/ui/Skeleton';

export default function Loading() {
  return <SectionSkeleton />;
}
