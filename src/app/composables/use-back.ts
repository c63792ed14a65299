import { useRouter } from 'vue-router'

/**
 * The 返回 of a screen: back in history when the app brought the person here, otherwise (opened from a link, or
 * after a reload) to the screen it belongs under, so 返回 never leaves the app.
 */
export function useBack(fallback: () => string): () => void {
  const router = useRouter()
  return () => {
    if (window.history.state?.back) router.back()
    else void router.replace(fallback())
  }
}
